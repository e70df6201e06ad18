package com.acme.etl

import java.sql.Date
import java.time.LocalDate

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.expressions.Window
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types._

/**
 * Weekly category performance per region.
 *
 * Aggregates the order-management line items of one week by region and
 * product category and publishes `merchandising.category_weekly` plus the
 * five best categories of every region (`merchandising.top_categories`).
 * The reference Scala job: explicit schema, broadcast dimensions, one cache
 * that is reused and released, partitioned windows, built-in functions only.
 *
 * Usage: spark-submit --class com.acme.etl.CleanAggregationJob acme-etl.jar 2024-06-24
 */
object CleanAggregationJob {

  private val LineItemsRoot = "s3://acme-lake/landing/oms/line_items"
  private val CategoryWeeklyPath = "s3://acme-lake/marts/merchandising/category_weekly"
  private val TopCategoriesPath = "s3://acme-lake/marts/merchandising/top_categories"
  private val TopCategoriesPerRegion = 5

  private val LineItemSchema = StructType(Seq(
    StructField("order_id", StringType, nullable = false),
    StructField("line_number", IntegerType, nullable = false),
    StructField("product_id", StringType, nullable = false),
    StructField("store_id", StringType, nullable = false),
    StructField("order_date", DateType, nullable = false),
    StructField("quantity", IntegerType, nullable = false),
    StructField("net_amount_usd", DecimalType(14, 2), nullable = false)
  ))

  def main(args: Array[String]): Unit = {
    require(args.length == 1, "usage: CleanAggregationJob <week-start yyyy-MM-dd>")
    val weekStart = LocalDate.parse(args(0))
    val weekEnd = weekStart.plusDays(6)

    val spark = SparkSession.builder()
      .appName(s"category-weekly-$weekStart")
      .config("spark.sql.adaptive.enabled", "true")
      .config("spark.sql.adaptive.skewJoin.enabled", "true")
      .getOrCreate()
    import spark.implicits._

    val lineItems = spark.read
      .schema(LineItemSchema)
      .option("header", "true")
      .csv(s"$LineItemsRoot/week=$weekStart")
      .filter($"order_date".between(lit(Date.valueOf(weekStart)), lit(Date.valueOf(weekEnd))))

    if (lineItems.isEmpty) {
      println(s"No line items landed for the week of $weekStart, nothing to publish")
    } else {
      val products = spark.table("dim_product").select($"product_id", $"category", $"department")
      val stores = spark.table("dim_store").select($"store_id", $"region")

      // Both outputs are built from this aggregate: compute it once.
      val categoryWeekly = lineItems
        .join(broadcast(products), Seq("product_id"), "inner")
        .join(broadcast(stores), Seq("store_id"), "inner")
        .withColumn("category", initcap(trim($"category")))
        .groupBy($"region", $"department", $"category")
        .agg(
          sum($"net_amount_usd").as("revenue_usd"),
          sum($"quantity").as("units"),
          countDistinct($"order_id").as("orders")
        )
        .withColumn("revenue_share", round($"revenue_usd" / sum($"revenue_usd").over(Window.partitionBy("region")), 4))
        .withColumn("week_start", lit(weekStart.toString))
        .cache()

      categoryWeekly.write
        .mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("week_start")
        .parquet(CategoryWeeklyPath)

      val byRegion = Window.partitionBy("region").orderBy(desc("revenue_usd"), asc("category"))
      categoryWeekly
        .withColumn("rank_in_region", dense_rank().over(byRegion))
        .filter($"rank_in_region" <= TopCategoriesPerRegion)
        .write
        .mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("week_start")
        .parquet(TopCategoriesPath)

      categoryWeekly.unpersist()
    }

    spark.stop()
  }
}
