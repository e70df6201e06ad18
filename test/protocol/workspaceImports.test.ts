import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticRefreshRequest, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { useServer, type LspClient } from './lspClient';
import { onlyRules, withCode } from './support';

const RULE = 'missing-broadcast';

const SMALL_HELPER = `from pyspark.sql import SparkSession


def load_issue_types(spark: SparkSession):
    return spark.createDataFrame([("bug", 3), ("task", 1)], ["type", "weight"])
`;

const TABLE_HELPER = SMALL_HELPER.replace('createDataFrame([("bug", 3), ("task", 1)], ["type", "weight"])', 'read.table("warehouse.issue_types")');

const CALLER = `from pyspark.sql import SparkSession

from jobs.lookups import load_issue_types

spark = SparkSession.builder.getOrCreate()
tickets = spark.read.parquet("s3://lake/tickets")
tickets.join(load_issue_types(spark), "type", "inner").write.parquet("s3://marts/typed")
`;

const SCALA_HELPER = `package com.shop.reference

import org.apache.spark.sql.{DataFrame, SparkSession}

object Lookups {
  def issueTypes(spark: SparkSession): DataFrame = {
    import spark.implicits._
    Seq(("bug", 3), ("task", 1)).toDF("type", "weight")
  }
}
`;

const SCALA_CALLER = `package com.shop.jobs

import org.apache.spark.sql.SparkSession
import com.shop.reference.Lookups

object Daily {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val tickets = spark.read.parquet("s3://lake/tickets")
    tickets.join(Lookups.issueTypes(spark), Seq("type"), "inner").write.parquet("s3://marts/typed")
  }
}
`;

/**
 * The files are on disk (imports resolve to files; the client's file watcher reports them created, as
 * VS Code's does) and open in the editor (the open text is what counts).
 */
async function openOnDisk(client: LspClient, relative: string, text: string): Promise<string> {
  const file = path.join(client.workspaceFolder, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const uri = client.uri(relative);
  await client.notify(DidChangeWatchedFilesNotification.method, { changes: [{ uri, type: FileChangeType.Created }] });
  await client.open(uri, text);
  return uri;
}

async function broadcastFindings(client: LspClient, uri: string): Promise<number> {
  return withCode(await client.diagnostics(uri), RULE).length;
}

describe('calls into other files of the workspace', () => {
  const server = useServer({ settings: onlyRules(RULE) });

  /**
   * Opens a helper and a file calling into it, checks the caller's finding, replaces `lines` lines of
   * the helper from the first holding `from` by `text` (the lookup is no longer known small), and
   * checks the caller's finding is gone after one refresh.
   */
  async function editHelper(helperFile: string, helperText: string, callerFile: string, callerText: string, edit: { from: string; lines: number; text: string }): Promise<void> {
    const client = server();
    const helper = await openOnDisk(client, helperFile, helperText);
    const caller = await openOnDisk(client, callerFile, callerText);
    assert.strictEqual(await broadcastFindings(client, caller), 1, `the lookup built in ${helperFile} is small`);

    const since = Date.now();
    const line = helperText.split('\n').findIndex((l) => l.includes(edit.from));
    await client.change(helper, [{ range: { start: { line, character: 0 }, end: { line: line + edit.lines, character: 0 } }, text: edit.text }]);
    await client.diagnostics(helper);
    await client.waitFor(DiagnosticRefreshRequest.method, { since, request: true });
    assert.strictEqual(await broadcastFindings(client, caller), 0, 'after the refresh the caller sees the new summary');
  }

  it('an edit in a helper module changes the caller\'s diagnostic within one refresh', () =>
    editHelper('jobs/lookups.py', SMALL_HELPER, 'daily.py', CALLER, { from: 'createDataFrame', lines: 1, text: '    return spark.read.parquet("s3://lake/issue_types")\n' }));

  it('an edit in a Scala helper object (found by its package, not its folder) changes the caller\'s diagnostic within one refresh', () =>
    editHelper('src/common/Lookups.scala', SCALA_HELPER, 'src/jobs/Daily.scala', SCALA_CALLER, { from: 'import spark.implicits', lines: 2, text: '    spark.read.table("warehouse.issue_types")\n' }));

  it('a helper changed on disk (not open) changes the caller\'s diagnostic within one refresh', async () => {
    const client = server();
    const helperFile = path.join(client.workspaceFolder, 'shared', 'dims.py');
    fs.mkdirSync(path.dirname(helperFile), { recursive: true });
    fs.writeFileSync(helperFile, TABLE_HELPER);
    const caller = await openOnDisk(client, 'weekly.py', CALLER.replace('jobs.lookups', 'shared.dims'));
    assert.strictEqual(await broadcastFindings(client, caller), 0, 'a table read is not known small');

    const since = Date.now();
    fs.writeFileSync(helperFile, SMALL_HELPER);
    await client.notify(DidChangeWatchedFilesNotification.method, { changes: [{ uri: client.uri('shared/dims.py'), type: FileChangeType.Changed }] });
    await client.waitFor(DiagnosticRefreshRequest.method, { since, request: true });
    assert.strictEqual(await broadcastFindings(client, caller), 1, 'the helper on disk now builds a small lookup');
  });
});
