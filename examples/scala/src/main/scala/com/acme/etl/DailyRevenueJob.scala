package com.acme.etl

import java.time.LocalDate

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.functions._

/**
 * Daily revenue per store and sales channel.
 *
 * Reads the day's orders from the lake, converts every amount to USD with the
 * finance FX table, subtracts the refunds from the legacy till feed (pipe-
 * delimited files the old POS system still drops every night) and publishes
 * `finance.daily_store_revenue`, partitioned by `order_date`.
 *
 * Usage: spark-submit --class com.acme.etl.DailyRevenueJob acme-etl.jar 2024-06-30
 */
object DailyRevenueJob {

  private val LakeRoot = "s3://acme-lake"
  private val LegacyRefundsRoot = "s3://acme-legacy-exports/till/refunds"
  private val OutputPath = s"$LakeRoot/marts/finance/daily_store_revenue"

  private val AmountColumns = Seq("gross_amount", "discount_amount", "tax_amount", "shipping_amount")

  def main(args: Array[String]): Unit = {
    val runDate = args.headOption.getOrElse(LocalDate.now().minusDays(1).toString)

    val spark = SparkSession.builder()
      .appName(s"daily-revenue-$runDate")
      .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
      .getOrCreate()
    import spark.implicits._

    val orders = spark.read.format("delta").load(s"$LakeRoot/curated/sales/orders")
      .filter($"order_date" === runDate && $"status" =!= "CANCELLED")

    val fxRates = spark.table("finance.fx_rates_daily")
      .filter($"rate_date" === runDate)
      .select($"currency", $"usd_rate")

    val channels = Seq(
      ("WEB", "Web storefront"),
      ("APP", "Mobile app"),
      ("MKT", "Marketplaces"),
      ("POS", "Retail stores")
    ).toDF("code", "name")

    // Only stores that are trading count towards revenue (ops.stores holds one row per store version).
    val openStoreIds = spark.table("ops.stores")
      .filter($"is_open")
      .select("store_id")
      .collect()
      .map(_.getString(0)).distinct

    // Legacy feed lines look like `store_id|channel_code|refund_id|amount_usd`.
    val refunds = spark.sparkContext
      .textFile(s"$LegacyRefundsRoot/$runDate/*.psv")
      .map(_.split('|'))
      .filter(_.length == 4)
      .map(fields => ((fields(0), fields(1)), fields(3).toDouble))
      .groupByKey().mapValues(_.sum)
      .map { case ((storeId, channelCode), amount) => (storeId, channelCode, amount) }
      .toDF("store_id", "channel_code", "refunds_usd")

    var ordersUsd = orders
      .filter($"store_id".isin(openStoreIds: _*))
      .join(fxRates, Seq("currency"), "left")
    for (c <- AmountColumns) {
      ordersUsd = ordersUsd.withColumn(s"${c}_usd", round(col(c) * $"usd_rate", 2))
    }

    val revenue = ordersUsd
      .groupBy($"order_date", $"store_id", $"channel_code")
      .agg(
        countDistinct($"order_id").as("orders"),
        sum($"gross_amount_usd").as("gross_revenue_usd"),
        sum($"discount_amount_usd").as("discounts_usd"),
        sum($"tax_amount_usd").as("tax_usd"),
        sum($"shipping_amount_usd").as("shipping_usd")
      )
      .join(refunds, Seq("store_id", "channel_code"), "left")
      .join(channels, $"channel_code" === channels("code"), "left")
      .withColumn("net_revenue_usd",
        round($"gross_revenue_usd" - $"discounts_usd" - coalesce($"refunds_usd", lit(0.0)), 2))
      .select(
        $"order_date", $"store_id", $"channel_code", $"name".as("channel_name"), $"orders",
        $"gross_revenue_usd", $"discounts_usd", $"tax_usd", $"shipping_usd", $"refunds_usd", $"net_revenue_usd"
      )

    revenue.write
      .format("delta")
      .mode("overwrite")
      .option("replaceWhere", s"order_date = '$runDate'")
      .partitionBy("order_date")
      .save(OutputPath)

    spark.stop()
  }
}
