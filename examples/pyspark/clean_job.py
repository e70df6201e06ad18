"""Store daily KPIs.

Reads one day of the point-of-sale transaction export and publishes:

* ``marts.store_daily_kpis``: baskets, units, revenue and average basket value
  per store,
* ``marts.store_top_products``: the ten best-selling products of every store.

This is the reference job for how we want Spark code written: an explicit
schema on every read, broadcast joins for the small dimensions, a cache only
where a result is reused (and released afterwards), windows partitioned by a
key, and built-in functions instead of Python UDFs.
"""

import argparse
import logging
from datetime import date, timedelta

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.functions import broadcast
from pyspark.sql.types import DecimalType, IntegerType, StringType, StructField, StructType, TimestampType

POS_EXPORT_PATH = "s3://acme-lake/landing/pos/transactions"
KPI_PATH = "s3://acme-lake/marts/retail/store_daily_kpis"
TOP_PRODUCTS_PATH = "s3://acme-lake/marts/retail/store_top_products"
TOP_N_PRODUCTS = 10

# The till export writes 0.00 when no discount applies, so no column here is optional.
POS_SCHEMA = StructType([
    StructField("transaction_id", StringType(), nullable=False),
    StructField("store_id", StringType(), nullable=False),
    StructField("till_id", StringType(), nullable=False),
    StructField("sold_at", TimestampType(), nullable=False),
    StructField("sku", StringType(), nullable=False),
    StructField("quantity", IntegerType(), nullable=False),
    StructField("unit_price", DecimalType(12, 2), nullable=False),
    StructField("discount", DecimalType(12, 2), nullable=False),
    StructField("payment_method", StringType(), nullable=False),
])

log = logging.getLogger("store_daily_kpis")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Store daily KPIs")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    parser.add_argument("--run-date", default=yesterday, help="trading day to process (YYYY-MM-DD)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    spark = (
        SparkSession.builder.appName("store-daily-kpis")
        .config("spark.sql.adaptive.enabled", "true")
        .getOrCreate()
    )

    transactions = (
        spark.read.schema(POS_SCHEMA)
        .option("header", True)
        .csv(f"{POS_EXPORT_PATH}/dt={args.run_date}/")
    )
    if transactions.isEmpty():
        log.warning("no POS transactions exported for %s, nothing to publish", args.run_date)
        spark.stop()
        return

    stores = spark.table("dim_store").select("store_id", "store_name", "region", "store_format")
    products = spark.table("dim_product").select("sku", "product_name", "category")

    # Both marts below are built from this, so it is computed once and kept.
    sales = (
        transactions
        .withColumn("sku", F.upper(F.trim("sku")))
        .withColumn("payment_method", F.lower("payment_method"))
        .withColumn("line_revenue", F.col("quantity") * F.col("unit_price") - F.col("discount"))
        .withColumn("sale_date", F.to_date("sold_at"))
        .join(broadcast(stores), on="store_id", how="inner")
        .join(broadcast(products), on="sku", how="left")
        .cache()
    )

    kpis = (
        sales.groupBy("sale_date", "store_id", "store_name", "region", "store_format")
        .agg(
            F.countDistinct("transaction_id").alias("baskets"),
            F.sum("quantity").alias("units_sold"),
            F.sum("line_revenue").alias("revenue"),
            F.sum(F.when(F.col("payment_method") == "cash", F.col("line_revenue"))).alias("cash_revenue"),
        )
        .withColumn("avg_basket_value", F.round(F.col("revenue") / F.col("baskets"), 2))
    )
    (
        kpis.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("sale_date")
        .parquet(KPI_PATH)
    )

    best_sellers = Window.partitionBy("sale_date", "store_id").orderBy(F.desc("revenue"), F.asc("sku"))
    top_products = (
        sales.groupBy("sale_date", "store_id", "sku", "product_name", "category")
        .agg(F.sum("quantity").alias("units_sold"), F.sum("line_revenue").alias("revenue"))
        .withColumn("rank", F.row_number().over(best_sellers))
        .filter(F.col("rank") <= TOP_N_PRODUCTS)
    )
    (
        top_products.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("sale_date")
        .parquet(TOP_PRODUCTS_PATH)
    )

    sales.unpersist()
    spark.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
