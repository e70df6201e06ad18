package com.acme.etl

import java.time.LocalDate

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.expressions.Window
import org.apache.spark.sql.functions._

/**
 * Mobile app sessions.
 *
 * Builds `analytics.app_sessions` from the app event stream: events are split
 * into sessions after 30 minutes of inactivity, e-mail addresses are
 * normalised so that they match the CRM, and every event gets a global
 * sequence number that the downstream CDC export uses as its watermark.
 */
object UserSessionsJob extends App {

  val runDate = if (args.nonEmpty) args(0) else LocalDate.now().minusDays(1).toString
  val sessionTimeoutSeconds = 30 * 60

  val spark = SparkSession.builder().appName(s"app-sessions-$runDate").getOrCreate()
  import spark.implicits._

  // AQE kept re-planning the nightly run differently; pin the plans.
  spark.conf.set("spark.sql.adaptive.enabled", "false")

  val normalizeEmail = udf((s: String) => s.trim.toLowerCase)

  val events = spark.read
    .parquet(s"s3://acme-lake/landing/app-events/dt=$runDate")
    .select($"event_id", $"user_id", $"email", $"event_ts", $"event_name", $"screen", $"app_version", $"platform")

  if (events.count() > 0) {
    val byUser = Window.partitionBy("user_id").orderBy("event_ts")
    val byUserSoFar = Window.partitionBy("user_id").orderBy("event_ts")
      .rowsBetween(Window.unboundedPreceding, Window.currentRow)
    val gapSeconds = $"event_ts".cast("long") - lag($"event_ts", 1).over(byUser).cast("long")

    val sessionized = events
      .withColumn("email", normalizeEmail($"email"))
      .withColumn("global_seq", row_number().over(Window.orderBy("event_ts")))
      .withColumn("new_session", (gapSeconds.isNull || gapSeconds > sessionTimeoutSeconds).cast("int"))
      .withColumn("session_index", sum($"new_session").over(byUserSoFar))
      .withColumn("session_id", concat_ws("-", $"user_id", $"session_index"))

    val sessions = sessionized
      .groupBy($"session_id", $"user_id", $"platform")
      .agg(
        min($"event_ts").as("started_at"),
        max($"event_ts").as("ended_at"),
        min($"global_seq").as("first_global_seq"),
        count(lit(1)).as("event_count"),
        countDistinct($"screen").as("screens_viewed"),
        max($"email").as("email"),
        max($"app_version").as("app_version")
      )
      .withColumn("duration_seconds", $"ended_at".cast("long") - $"started_at".cast("long"))
      .withColumn("session_date", to_date($"started_at"))

    sessions.write
      .mode("overwrite")
      .option("partitionOverwriteMode", "dynamic")
      .partitionBy("session_date")
      .parquet("s3://acme-lake/curated/analytics/app_sessions")
  } else {
    println(s"No app events landed for $runDate, nothing to do")
  }

  spark.stop()
}
