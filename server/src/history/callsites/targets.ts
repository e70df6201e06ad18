/**
 * Paths and tables as the code writes them (`f"{BASE}/dt={day}/"`, `crm.accounts`) against those a
 * plan names (`s3://lake/base/dt=2026-11-02/`, `spark_catalog.crm.accounts`): how writes and reads
 * without a call site of their own are tied to code.
 */

/** `daily-orders-etl-*` against `daily-orders-etl-2026-11-02`. */
export function globMatches(pattern: string, text: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return regex.test(text);
}

/** `file:/data/out/`, `` `sales`.`orders` `` → `/data/out`, `sales.orders`. */
function normalizeTarget(target: string): string {
  return target
    .replace(/`/g, '')
    .replace(/^file:(\/\/)?/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** A path or table in the plan matches the code's literal (with `*` for interpolations) as a whole or as a path or name suffix. */
export function targetMatches(codePattern: string, planTarget: string): boolean {
  const code = normalizeTarget(codePattern);
  const plan = normalizeTarget(planTarget);
  if (globMatches(code, plan)) return true;
  const codeTail = code.replace(/^[a-z0-9]+:\/\/[^/]*/, '');
  return codeTail.length > 1 && globMatches(`*${codeTail}`, plan);
}
