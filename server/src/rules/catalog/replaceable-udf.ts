import { collectedListArgument } from '../../model/udfCallSites';
import { builtinEquivalent, type BuiltinExpr } from '../../model/udfEquivalents';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** Differences worth a sentence, by built-in used. */
const CAVEATS: Record<string, string> = {
  trim: "Spark's trim removes spaces only, not tabs or newlines.",
  ltrim: "Spark's ltrim removes spaces only, not tabs or newlines.",
  rtrim: "Spark's rtrim removes spaces only, not tabs or newlines.",
  substring: 'Spark positions are 1-based (for an array column use slice(...)).',
  length: 'For an array column use size(...) instead.',
  date_format: 'date_format takes a Java pattern, not strftime directives.',
};

function render(expr: BuiltinExpr, callee: (name: string) => string): string {
  const inner = (e: BuiltinExpr) => (e.kind === 'operator' ? `(${render(e, callee)})` : render(e, callee));
  switch (expr.kind) {
    case 'column':
      // Scala's placeholder lambda (`_.trim`) has no parameter name to show.
      return expr.name === '_' ? 'value' : expr.name;
    case 'literal':
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    case 'function':
      return `${callee(expr.name)}(${expr.args.map((a) => render(a, callee)).join(', ')})`;
    case 'method':
      return `${inner(expr.target)}.${expr.name}(${expr.args.map((a) => render(a, callee)).join(', ')})`;
    case 'operator':
      return `${inner(expr.left)} ${expr.operator} ${inner(expr.right)}`;
  }
}

export const replaceableUdf: Rule = {
  id: 'replaceable-udf',
  defaultSeverity: 'warning',
  summary: 'A UDF does what a built-in Spark function does.',
  languages: BOTH_LANGUAGES,
  check({ model, syntax, report }) {
    const seen = new Set<unknown>();
    for (const udf of model.udfs) {
      // pandas_udf is already the vectorised form the rule would suggest.
      if (udf.kind === 'pandas_udf') continue;
      // `@udf def f` registered again with spark.udf.register: one finding per body.
      const identity = udf.bodyExpression ?? udf.body;
      if (seen.has(identity)) continue;
      seen.add(identity);
      const equivalent = builtinEquivalent(udf);
      if (!equivalent) continue;
      if (equivalent.medianOfList) {
        // A median of an array column may have no aggregate to replace it: only a median of what collect_list gathered does.
        const site = udf.name === undefined ? undefined : collectedListArgument(model, udf.name);
        if (!site) continue;
        const column = site.column === undefined ? 'the column' : JSON.stringify(site.column);
        const percentile = syntax.sparkFunction('percentile_approx', model.imports).callee;
        report({
          span: udf.span,
          message: `\`${udf.name}\` takes the median of the list collect_list gathers (line ${site.span.start.line + 1}): aggregate with \`${percentile}(${column}, 0.5)\` instead (or median(${column}) on Spark 3.4+). The built-in aggregate needs no list of every value per group in memory and no ${model.language === 'python' ? 'Python worker' : 'UDF call'} per group; percentile_approx is approximate (raise its accuracy argument for an exact median on small groups).`,
        });
        continue;
      }
      const builtin = render(equivalent.expression, (name) => syntax.sparkFunction(name, model.imports).callee);
      const named = udf.name ? `\`${udf.name}\`` : 'This UDF';
      // The body is elsewhere (`udf(lambda p: to_upper(p))`, `udf(f)`): say whose it is.
      const subject = udf.bodyOf && udf.bodyOf !== udf.name ? `${named} (the body of \`${udf.bodyOf}\`)` : named;
      const guard = equivalent.nullGuarded ? ' (the null check is not needed: built-ins return null for null input)' : '';
      const caveats = [...new Set(equivalent.functions.map((f) => CAVEATS[f]).filter((c) => c !== undefined))];
      // useArrow=True batches the transfer, but the function is still called once per row in a Python worker.
      const pythonCost = udf.arrow ? 'an Arrow-optimised Python UDF still ships every row to a Python worker and back and calls the function once per row' : 'a Python UDF sends every row to a Python worker and back, one row at a time';
      const why = model.language === 'python'
        ? `Built-ins run in the JVM with code generation and stay visible to the optimizer; ${pythonCost}. If the logic ever outgrows built-ins, use a vectorised pandas_udf.`
        : 'Built-ins work on Spark\'s internal values with code generation and stay visible to the optimizer; a UDF converts every value to a JVM object and back and blocks filter pushdown.';
      report({
        span: udf.span,
        message: `${subject} is a UDF that only does what built-in functions do: call \`${builtin}\` on the column instead${guard}. ${why}${caveats.length > 0 ? ` ${caveats.join(' ')}` : ''}`,
      });
    }
  },
};
