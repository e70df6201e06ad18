import { formatBytes } from '../../common/format';
import { latestRunOnly } from '../history';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const broadcastTooLarge: Rule = {
  id: 'broadcast-too-large',
  defaultSeverity: 'warning',
  summary: 'A broadcast exchange run here carried over 1 GB (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check({ history, lineSpan, report }) {
    const reported = new Set<number>();
    for (const execution of latestRunOnly(history.executions)) {
      const largest = Math.max(0, ...execution.oversizedBroadcasts.map((broadcast) => broadcast.bytes));
      if (largest === 0 || reported.has(execution.line)) continue;
      const span = lineSpan(execution.line);
      if (!span) continue;
      reported.add(execution.line);
      const summary = `broadcast of ${formatBytes(largest)} in SQL execution ${execution.executionId}`;
      report({
        span,
        message: `${execution.run.label}: ${summary}. The driver collects a broadcast and every executor holds a copy: above about 1 GB this risks driver OOM and long broadcast timeouts. Join with a shuffle instead (remove the broadcast hint, lower spark.sql.autoBroadcastJoinThreshold) or shrink the broadcast side first.`,
        evidence: [{ run: execution.run.label, summary, figures: { executionId: execution.executionId, broadcastBytes: largest } }],
      });
    }
  },
};
