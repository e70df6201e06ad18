"""Sessionize the web clickstream.

The tracking collector lands raw events as JSON, one folder per day. This job
drops bot traffic, numbers every event, splits each visitor's events into
sessions (a new session starts after 30 minutes of inactivity), rolls them up
to one row per session and attaches the CRM account of logged-in visitors.

Output: ``analytics.web_sessions``, partitioned by ``session_date``.
"""

import argparse
from datetime import date, timedelta

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, StringType, StructField, StructType, TimestampType

CLICKSTREAM_PATH = "s3://acme-lake/landing/tracking/clickstream"
SESSIONS_PATH = "s3://acme-lake/curated/analytics/web_sessions"
SESSION_TIMEOUT_SECONDS = 30 * 60
TRACKED_EVENTS = ["page_view", "product_view", "add_to_cart", "checkout", "purchase"]

EVENT_SCHEMA = StructType([
    StructField("event_id", StringType(), nullable=False),
    StructField("user_id", StringType(), nullable=False),  # first-party cookie id
    StructField("account_id", StringType(), nullable=True),  # set once the visitor logs in
    StructField("ts", TimestampType(), nullable=False),
    StructField("event_type", StringType(), nullable=False),
    StructField("page_url", StringType(), nullable=True),
    StructField("referrer", StringType(), nullable=True),
    StructField("user_agent", StringType(), nullable=True),
    StructField("geo_country", StringType(), nullable=True),
    StructField("order_value", DoubleType(), nullable=True),
])

# The CDN hands us ISO country codes in whatever case the edge node felt like.
normalize_country = F.udf(lambda code: code.upper(), StringType())


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Sessionize the web clickstream")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    parser.add_argument("--run-date", default=yesterday, help="day of events to process (YYYY-MM-DD)")
    return parser.parse_args()


def load_events(spark: SparkSession, run_date: str, bot_pattern: str) -> DataFrame:
    """Tracked events of one day, de-duplicated, without known bots."""
    return (
        spark.read.schema(EVENT_SCHEMA)
        .json(f"{CLICKSTREAM_PATH}/dt={run_date}/")
        .filter(F.col("event_type").isin(TRACKED_EVENTS))
        .filter(F.col("user_agent").isNull() | ~F.col("user_agent").rlike(bot_pattern))
        .dropDuplicates(["event_id"])
        .withColumn("country_code", normalize_country(F.col("geo_country")))
    )


def assign_sessions(events: DataFrame) -> DataFrame:
    """Number events globally and give every event a session id."""
    by_user = Window.partitionBy("user_id").orderBy("ts")
    by_user_so_far = (
        Window.partitionBy("user_id").orderBy("ts")
        .rowsBetween(Window.unboundedPreceding, Window.currentRow)
    )
    seconds_since_prev = F.col("ts").cast("long") - F.lag("ts").over(by_user).cast("long")
    is_new_session = seconds_since_prev.isNull() | (seconds_since_prev > SESSION_TIMEOUT_SECONDS)
    return (
        events
        .withColumn("event_number", F.row_number().over(Window.orderBy("ts")))
        .withColumn("is_session_start", is_new_session.cast("int"))
        .withColumn("user_session_seq", F.sum("is_session_start").over(by_user_so_far))
        .withColumn("session_id", F.concat_ws("-", "user_id", "user_session_seq"))
    )


def summarize_sessions(events: DataFrame) -> DataFrame:
    """One row per session."""
    return (
        events.groupBy("session_id", "user_id")
        .agg(
            F.min("ts").alias("session_start"),
            F.max("ts").alias("session_end"),
            F.min("event_number").alias("first_event_number"),
            F.count("*").alias("events"),
            F.sum((F.col("event_type") == "page_view").cast("int")).alias("page_views"),
            F.max(F.col("event_type") == "purchase").alias("converted"),
            F.sum("order_value").alias("revenue"),
            F.first("country_code", ignorenulls=True).alias("country_code"),
            F.first("referrer", ignorenulls=True).alias("landing_referrer"),
            F.max("account_id").alias("account_id"),
        )
        .withColumn("duration_seconds", F.col("session_end").cast("long") - F.col("session_start").cast("long"))
        .withColumn("session_date", F.to_date("session_start"))
    )


def main() -> None:
    args = parse_args()
    spark = SparkSession.builder.appName("sessionize-clickstream").getOrCreate()

    # Hand-maintained list of ~40 crawler user-agent patterns.
    bot_rows = spark.table("ops.bot_user_agents").collect()  # spark-advisor: disable=collect-unbounded
    bot_pattern = "(?i)" + "|".join(row.pattern for row in bot_rows)

    events = assign_sessions(load_events(spark, args.run_date, bot_pattern))
    sessions = summarize_sessions(events)

    # Logged-out sessions have no account, and the BI model does not allow null keys.
    sessions = sessions.fillna({"account_id": "guest"})

    accounts = spark.table("crm.accounts").select("account_id", "plan_tier", "account_created_at")
    enriched = sessions.join(accounts, on="account_id", how="left")

    (
        enriched.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("session_date")
        .parquet(SESSIONS_PATH)
    )
    spark.stop()


if __name__ == "__main__":
    main()
