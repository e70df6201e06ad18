ThisBuild / organization := "com.acme"
ThisBuild / scalaVersion := "2.12.18"

lazy val root = (project in file("."))
  .settings(
    name := "acme-etl",
    version := "0.1.0",
    libraryDependencies ++= Seq(
      "org.apache.spark" %% "spark-sql" % "3.5.1" % Provided,
      "io.delta" %% "delta-spark" % "3.1.0" % Provided
    )
  )
