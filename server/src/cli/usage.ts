export const USAGE = `Usage: spark-advisor check <files or folders...> [options]
       spark-advisor import <event logs, folders or History Server URLs...> --db <file>
       spark-advisor report --db <file> [--format json|text|md|html] [--app <id>] [--output <file>]
       spark-advisor rules
       spark-advisor --help | --version

Finds performance anti-patterns in PySpark (.py) and Scala Spark (.scala) code, Jupyter
notebooks (.ipynb) and Databricks notebook sources.

Commands:
  check   Analyse the given files and every .py/.ipynb/.scala file under the given folders
          (node_modules, .git, .venv, venv, __pycache__ and target/ folders of sbt or Maven
          build output are skipped, as are the "exclude" globs of the settings)
  import  Import Spark event logs (any codec and layout Spark writes; folders are searched)
          into a history store; a History Server URL downloads every application's logs
  report  The imported applications as JSON (totals, stages, call sites, findings, what-if,
          recommendations, prediction, cost), or one run's performance report as text,
          Markdown or standalone HTML (the latest run, or --app)
  rules   List the rules with their default severities

Options for check:
  -f, --format <text|json|sarif>  Report format (default: text)
  -o, --output <file>             Write the report to <file> instead of stdout
  -c, --config <file>             Settings as JSON: rules, smallTables, skewedKeys, include,
                                  exclude. Default: the sparkAdvisor.* keys of
                                  .vscode/settings.json in the current directory and in
                                  each given folder
      --max-warnings <n>          Exit 0 despite up to <n> findings below error severity
      --quiet                     Report errors only
      --include-hints             Also report findings of severity hint
      --db <file>                 Back findings with the runs imported into this store
      --verbose                   Also say how many files were analysed, skipped and left
                                  out, and why
      --threads <n>               Analyse on n threads (default: one per core; at most
                                  twice the cores)
      --cache                     Reuse what earlier runs found in files that have not
                                  changed (same bytes, settings and tool version); kept in
                                  the OS temp folder, one cache per working folder
      --cache-location <file>     Keep the cache in <file> (implies --cache)

Options for import and report:
      --db <file>                 The history store (SQLite), created by import
      --app <id>                  report: only this application (repeatable for json)
  -f, --format <json|text|md|html> report: output format (default: json)
  -c, --config <file>             report: settings with the sparkAdvisor.cost.* prices
  -o, --output <file>             report: write to <file> instead of stdout

  -h, --help                      Show this help
  -v, --version                   Show the version

Exit status: 0 no findings, 1 findings (or more than --max-warnings), 2 usage or internal error.
Environment: NO_COLOR turns colours off; SPARK_ADVISOR_DEBUG=1 prints stack traces;
SPARK_ADVISOR_NO_WORKSPACE_INDEX=1 does not follow calls into other files (fewer findings: only to
measure what following them costs).
`;
