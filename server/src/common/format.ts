/** Human figures for messages, lenses and reports: "1.2 GB", "412 s", "3 min 20 s". */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * Binary multiples with the familiar short names (1 MB = 1024² bytes), as Spark's own UI and
 * configuration do: so that Spark's 128 MB partition target reads "128 MB", not "134 MB".
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${BYTE_UNITS[unit]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1).replace(/\.0$/, '')} s`;
  if (seconds < 600) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes - hours * 60} min`;
}

export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '?';
  const percent = fraction * 100;
  return `${percent >= 10 ? Math.round(percent) : percent.toFixed(1).replace(/\.0$/, '')}%`;
}

/** "2,000": thousands separated as en-US does (toLocaleString is slow for thousands of messages). */
export function formatCount(count: number): string {
  const rounded = Math.round(count * 1000) / 1000;
  if (!Number.isSafeInteger(Math.trunc(rounded))) return count.toLocaleString('en-US');
  const [whole, fraction] = String(Math.abs(rounded)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** "1 task", "2,000 tasks". */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** "2026-11-02" in UTC: runs are compared across machines, so no local time zone. */
export function formatDate(epochMs: number | undefined): string | undefined {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return undefined;
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** "$4.20", "4.20 EUR": a one-character currency is a symbol, anything longer a code. */
export function formatMoney(amount: number, currency: string): string {
  if (!Number.isFinite(amount)) return '?';
  const digits = Math.abs(amount) >= 0.995 || amount === 0 ? 2 : Math.abs(amount) >= 0.01 ? 3 : 4;
  const figure = amount.toFixed(digits);
  return [...currency].length <= 1 ? `${currency}${figure}` : `${figure} ${currency}`;
}
