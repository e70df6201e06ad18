/**
 * Runs of one job often carry the run date or a counter in their application name
 * (`daily-orders-etl-2026-11-02`, `nightly_42`): the job is the name without that suffix, so that
 * "latest run" and "trend" compare runs of the same job.
 */
export function jobKey(appName: string): string {
  const stem = appName.replace(/([-_ .](\d{4}-\d{2}-\d{2}|\d{8}|\d+)([T_ -]?\d{2}[:.-]?\d{2}([:.-]?\d{2})?)?)+$/, '');
  return stem === '' ? appName : stem;
}
