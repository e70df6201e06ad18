/**
 * Paths and tables as the code writes them (`f"{BASE}/dt={day}/"`, `crm.accounts`) against those a
 * plan names (`s3://lake/base/dt=2026-11-02/`, `spark_catalog.crm.accounts`): how writes and reads
 * without a call site of their own are tied to code.
 */

/**
 * `daily-orders-etl-*` against `daily-orders-etl-2026-11-02`: `*` stands for any characters ('/'
 * included), everything else is literal; case-insensitive. For patterns made from code (string
 * templates with `*` for interpolations). The pieces between stars are found leftmost-first, which
 * is exact for `*`-only patterns and never backtracks: time linear in the text per piece.
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  const pieces = pattern.toLowerCase().split('*');
  const subject = text.toLowerCase();
  const first = pieces[0]!;
  if (pieces.length === 1) return subject === first;
  const last = pieces[pieces.length - 1]!;
  if (subject.length < first.length + last.length || !subject.startsWith(first) || !subject.endsWith(last)) return false;
  let at = first.length;
  const end = subject.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    if (piece === '') continue;
    const found = subject.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
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
  if (matchesWildcard(code, plan)) return true;
  const codeTail = code.replace(/^[a-z0-9]+:\/\/[^/]*/, '');
  return codeTail.length > 1 && matchesWildcard(`*${codeTail}`, plan);
}
