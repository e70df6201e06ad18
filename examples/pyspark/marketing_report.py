"""Weekly marketing performance report.

Joins paid-media spend (one row per campaign, country and day, loaded by the
ad-platform connectors) with the attributed conversions of the same week and
publishes:

* ``marts.campaign_performance``: per-campaign KPIs for the BI dashboards,
* ``marts.country_performance``: the same rolled up to country, with a
  per-1,000-impressions rate for every metric,
* a "top campaigns by ROAS" table e-mailed to the growth team on Mondays.
"""

import argparse
import logging
import smtplib
from datetime import date, timedelta
from email.message import EmailMessage

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

SPEND_PATH = "s3://acme-lake/curated/marketing/ad_spend_daily"
CONVERSIONS_PATH = "s3://acme-lake/curated/marketing/attributed_conversions_daily"
CAMPAIGN_OUT = "s3://acme-lake/marts/marketing/campaign_performance"
COUNTRY_OUT = "s3://acme-lake/marts/marketing/country_performance"

RATE_METRICS = ["clicks", "conversions", "revenue_usd", "spend_usd"]
MIN_SPEND_FOR_RANKING = 500
REPORT_RECIPIENTS = ["growth-team@acme.example"]

log = logging.getLogger("marketing_report")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Weekly marketing performance report")
    parser.add_argument("--week-start", help="Monday of the week to report (YYYY-MM-DD); default: last week")
    parser.add_argument("--smtp-host", default="smtp.internal")
    args = parser.parse_args()
    if args.week_start is None:
        today = date.today()
        args.week_start = (today - timedelta(days=today.weekday() + 7)).isoformat()
    return args


def email_top_campaigns(top_campaigns, week_start: str, smtp_host: str) -> None:
    """Send the (pandas) top-campaigns table to the growth team."""
    msg = EmailMessage()
    msg["Subject"] = f"Top campaigns by ROAS, week of {week_start}"
    msg["From"] = "spark-reports@acme.example"
    msg["To"] = ", ".join(REPORT_RECIPIENTS)
    msg.set_content(top_campaigns.to_string(index=False))
    msg.add_alternative(top_campaigns.to_html(index=False), subtype="html")
    with smtplib.SMTP(smtp_host) as smtp:
        smtp.send_message(msg)


def main() -> None:
    args = parse_args()
    week_start = args.week_start
    week_end = (date.fromisoformat(week_start) + timedelta(days=6)).isoformat()

    spark = SparkSession.builder.appName("marketing-weekly-report").getOrCreate()
    # Tuned during the Black Friday backfill.
    spark.conf.set("spark.sql.shuffle.partitions", "2000")

    in_week = F.col("event_date").between(week_start, week_end)
    spend = spark.read.parquet(SPEND_PATH).filter(in_week)
    conversions = spark.read.format("delta").load(CONVERSIONS_PATH).filter(in_week)
    countries = spark.table("dim_country")

    if spend.count() == 0:
        log.warning("no ad spend loaded for the week of %s, skipping the report", week_start)
        return

    campaign_perf = (
        spend.join(conversions, on=["campaign_id", "country_code", "event_date"], how="left")
        .groupBy("campaign_id", "campaign_name", "channel", "country_code")
        .agg(
            F.sum("spend_usd").alias("spend_usd"),
            F.sum("impressions").alias("impressions"),
            F.sum("clicks").alias("clicks"),
            F.sum("conversions").alias("conversions"),
            F.sum("revenue_usd").alias("revenue_usd"),
        )
        .withColumn("roas", F.when(F.col("spend_usd") > 0, F.col("revenue_usd") / F.col("spend_usd")))
        .withColumn("week_start", F.lit(week_start))
    )

    (
        campaign_perf.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("week_start")
        .parquet(CAMPAIGN_OUT)
    )

    country_perf = (
        campaign_perf.groupBy("week_start", "country_code")
        .agg(*[F.sum(m).alias(m) for m in RATE_METRICS], F.sum("impressions").alias("impressions"))
        .join(countries, on="country_code", how="left")
    )
    for metric in RATE_METRICS:
        country_perf = country_perf.withColumn(
            f"{metric}_per_1k_impressions",
            F.round(F.col(metric) / F.col("impressions") * 1000, 4),
        )
    (
        country_perf.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("week_start")
        .parquet(COUNTRY_OUT)
    )

    top_campaigns = (
        campaign_perf.filter(F.col("spend_usd") >= MIN_SPEND_FOR_RANKING)
        .orderBy(F.desc("roas"))
        .select("campaign_name", "channel", "country_code", "spend_usd", "revenue_usd", "roas")
        .limit(20)
        .toPandas()
    )
    email_top_campaigns(top_campaigns, week_start, args.smtp_host)
    spark.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
