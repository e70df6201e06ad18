"""Daily orders ETL.

Builds ``sales.orders_enriched`` for one business day: the raw ``orders``
Delta table is joined with the CRM customer master (Postgres read replica,
over JDBC), the sales-channel reference and the FX rates that finance drops
as CSV every morning, and the result is written back to the lake partitioned
by ``order_date``. A per-channel revenue summary is then exported as a single
CSV for the finance reconciliation sheet.

Usage:
    spark-submit daily_orders_etl.py --run-date 2024-06-30
"""

import argparse
import logging
import os
from datetime import date, timedelta

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

LAKE_ROOT = "s3://acme-lake"
ORDERS_PATH = f"{LAKE_ROOT}/raw/sales/orders"
ENRICHED_PATH = f"{LAKE_ROOT}/curated/sales/orders_enriched"
FX_RATES_PATH = f"{LAKE_ROOT}/landing/finance/fx_rates"
SUMMARY_PATH = f"{LAKE_ROOT}/exports/finance/daily_channel_revenue"
CRM_JDBC_URL = "jdbc:postgresql://crm-replica.internal:5432/crm"

CHANNEL_SCHEMA = StructType([
    StructField("channel_code", StringType(), nullable=False),
    StructField("channel_name", StringType(), nullable=False),
    StructField("channel_group", StringType(), nullable=False),
])

log = logging.getLogger("daily_orders_etl")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Daily orders ETL")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    parser.add_argument("--run-date", default=yesterday, help="business day to process (YYYY-MM-DD)")
    return parser.parse_args()


def load_orders(spark: SparkSession, run_date: str) -> DataFrame:
    """Orders placed on ``run_date``, without test and cancelled orders."""
    return (
        spark.read.format("delta").load(ORDERS_PATH)
        .filter(F.col("order_date") == F.lit(run_date))
        .filter(~F.col("is_test_order"))
        .filter(F.col("status") != "CANCELLED")
    )


def load_customers(spark: SparkSession) -> DataFrame:
    """Customer master from the CRM read replica."""
    return (
        spark.read.format("jdbc")
        .option("url", CRM_JDBC_URL)
        .option("dbtable", "public.customers")
        .option("user", os.environ.get("CRM_DB_USER", "etl_reader"))
        .option("password", os.environ.get("CRM_DB_PASSWORD", ""))
        .option("fetchsize", "10000")
        .load()
        .select("customer_id", "customer_segment", "country_code", "signup_date")
    )


def main() -> None:
    args = parse_args()
    run_date = args.run_date
    spark = SparkSession.builder.appName(f"daily-orders-etl-{run_date}").getOrCreate()

    orders = load_orders(spark, run_date)
    customers = load_customers(spark)
    fx_rates = spark.read.csv(f"{FX_RATES_PATH}/{run_date}.csv", header=True, inferSchema=True)
    channels = spark.createDataFrame(
        [
            ("WEB", "Web storefront", "online"),
            ("APP", "Mobile app", "online"),
            ("MKT", "Marketplaces", "online"),
            ("POS", "Retail stores", "offline"),
            ("TEL", "Call centre", "offline"),
        ],
        CHANNEL_SCHEMA,
    )

    # Fraud team's block list: these customers' orders must never reach the finance numbers.
    blocked_rows = spark.table("risk.blocked_customers").select("customer_id").collect()
    blocked_ids = [row.customer_id for row in blocked_rows]
    log.info("excluding orders of %d blocked customers", len(blocked_ids))

    enriched = (
        orders
        .filter(~F.col("customer_id").isin(blocked_ids))
        .join(customers, on="customer_id", how="left")
        .join(channels, on="channel_code", how="left")
        .join(fx_rates.select("currency", "usd_rate"), on="currency", how="left")
        .withColumn("gross_amount_usd", F.round(F.col("gross_amount") * F.col("usd_rate"), 2))
        .withColumn("net_amount_usd", F.round((F.col("gross_amount") - F.col("discount_amount")) * F.col("usd_rate"), 2))
        .withColumn("is_first_order", F.col("order_date") == F.col("signup_date"))
        .drop("usd_rate")
    )

    (
        enriched.write.format("delta")
        .mode("overwrite")
        .option("replaceWhere", f"order_date = '{run_date}'")
        .partitionBy("order_date")
        .save(ENRICHED_PATH)
    )

    # Finance wants the summary computed from exactly what was published.
    summary = (
        spark.read.format("delta").load(ENRICHED_PATH)
        .filter(F.col("order_date") == F.lit(run_date))
        .groupBy("order_date", "channel_group", "channel_name")
        .agg(
            F.countDistinct("order_id").alias("orders"),
            F.sum("gross_amount_usd").alias("gross_revenue_usd"),
            F.sum("net_amount_usd").alias("net_revenue_usd"),
        )
        .cache()
    )
    summary.coalesce(1).write.mode("overwrite").option("header", True).csv(f"{SUMMARY_PATH}/{run_date}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    main()
