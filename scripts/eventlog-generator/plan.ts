/**
 * Turns a described plan into Spark's physical operators with SQL metrics, and into the stage slots
 * it runs in. Exchanges and broadcasts cut the plan into stages: the subtree below one runs in a
 * stage of its own, which finishes before the stage above it (post-order, left before right).
 */
import type { Columns, PlanNode, Spill, WriteNode } from './types';
import type { MetricType, PhysicalNode, PlanMetric, SlotKind, StageSlot } from './planNodes';
import { columnType, emptyFigures } from './planNodes';

export interface PlanContext {
  sparkVersion: string;
  adaptive: boolean;
  executors: number;
  /** Global counters shared by all executions of the application. */
  nextAccumulatorId: () => number;
  nextExprId: () => number;
  nextPlanId: () => number;
  /** Call site of the action, for cached RDDs. */
  callSite: string;
  /** Hex suffix for object identities in plan strings (DeltaDataSource@…). */
  objectId: () => string;
}

export interface BuiltQuery {
  root: PhysicalNode;
  /** Stages in execution order; the last one is the result stage. */
  slots: StageSlot[];
  adaptive: boolean;
  driverMetrics: PlanMetric[];
}

export class PlanBuilder {
  private readonly slots: StageSlot[] = [];
  private readonly driverMetrics: PlanMetric[] = [];
  private readonly exprIds = new Map<string, number>();
  /** Attribute namespace: the right side of a join has its own ids for the same column names. */
  private namespace = '';
  private hasExchange = false;

  constructor(private readonly ctx: PlanContext) {}

  /** Builds a query (the write node, if any, included unless it is a separate command). */
  build(plan: PlanNode): BuiltQuery {
    this.hasExchange = containsExchange(plan);
    const result = this.newSlot('result', 'result');
    const root = this.node(plan, result);
    this.finish(result);
    return { root, slots: this.slots, adaptive: this.ctx.adaptive && this.hasExchange, driverMetrics: this.driverMetrics };
  }

  /**
   * The plan as it ran: AQE query stages around exchanges (final plan only), then WholeStageCodegen
   * stages with InputAdapter at their inputs. Registers the metrics these wrappers add.
   */
  executedPlan(root: PhysicalNode, adaptive: boolean): PhysicalNode {
    const staged = adaptive ? this.withQueryStages(root) : root;
    return this.withCodegen(staged);
  }

  private queryStages = 0;
  private codegenStages = 0;

  private withQueryStages(current: PhysicalNode): PhysicalNode {
    const children = current.children.map((child) => this.withQueryStages(child));
    const copy: PhysicalNode = { ...current, children };
    if (!current.queryStage) return copy;
    const id = this.queryStages++;
    const name = { shuffle: 'ShuffleQueryStage', broadcast: 'BroadcastQueryStage', 'table-cache': 'TableCacheQueryStage' }[current.queryStage];
    const stage: PhysicalNode = { ...node(name, `${name} ${id}`, [copy], [], [`Output: []`, `Arguments: ${id}`]), codegen: false, slot: current.slot };
    const read = current.aqeRead;
    if (!read) return stage;
    const readSlot = read.readSlot;
    const tasks = () => readSlot.tasks ?? read.partitions;
    const metrics = [this.driverMetric(readSlot, 'number of partitions', 'sum', tasks), this.driverMetric(readSlot, 'partition data size', 'size', read.dataSize)];
    let kind = 'coalesced';
    if (read.skewedPartitions) {
      kind = 'coalesced and skewed';
      const skewed = read.skewedPartitions;
      metrics.push(this.driverMetric(readSlot, 'number of skewed partitions', 'sum', skewed), this.driverMetric(readSlot, 'number of skewed splits', 'sum', tasks));
    }
    metrics.push(this.driverMetric(readSlot, 'number of coalesced partitions', 'sum', tasks));
    return { ...node('AQEShuffleRead', `AQEShuffleRead ${kind}`, [stage], metrics, [`Arguments: ${kind}`]), codegen: false, slot: readSlot };
  }

  private withCodegen(current: PhysicalNode): PhysicalNode {
    if (!current.codegen) return { ...current, children: current.children.map((child) => this.withCodegen(child)) };
    const members: PhysicalNode[] = [];
    const inner = this.insideCodegen(current, members);
    const id = ++this.codegenStages;
    for (const member of members) member.codegenId = id;
    const slot = current.slot;
    if (slot) slot.scopes.push(`WholeStageCodegen (${id})`);
    return { ...node(`WholeStageCodegen (${id})`, `WholeStageCodegen (${id})`, [inner], [this.metric(slot, 'duration', 'timing', undefined, 0.8)], []), codegen: false, slot };
  }

  private insideCodegen(current: PhysicalNode, members: PhysicalNode[]): PhysicalNode {
    const children = current.children.map((child) => {
      if (child.codegen && !current.codegenBoundary) return this.insideCodegen(child, members);
      const converted = this.withCodegen(child);
      return { ...node('InputAdapter', 'InputAdapter', [converted], [], []), codegen: false, slot: child.slot };
    });
    const copy: PhysicalNode = { ...current, children };
    members.push(copy);
    return copy;
  }

  /** The command execution of a Delta write: "Execute SaveIntoDataSourceCommand", no children, no stages. */
  deltaCommand(write: WriteNode): { root: PhysicalNode; argumentsLine: string } {
    const options = { ...(write.options ?? {}) };
    if (write.partitionBy?.length) options['__partition_columns'] = JSON.stringify(write.partitionBy);
    options['path'] = write.path;
    const args = `org.apache.spark.sql.delta.sources.DeltaDataSource@${this.ctx.objectId()}, ${mapString(options)}, ${write.mode}`;
    return { root: node('Execute SaveIntoDataSourceCommand', 'Execute SaveIntoDataSourceCommand', [], [], ['Output: []']), argumentsLine: args };
  }

  private col(name: string): string {
    const key = `${this.namespace}${name}`;
    let id = this.exprIds.get(key);
    if (id === undefined) {
      id = this.ctx.nextExprId();
      this.exprIds.set(key, id);
    }
    return `${name}#${id}${columnType(name) === 'bigint' ? 'L' : ''}`;
  }

  private cols(names: Columns): string {
    return names.map((name) => this.col(name)).join(', ');
  }

  private newSlot(kind: SlotKind, label: string): StageSlot {
    return { index: -1, kind, label, parents: [], figures: emptyFigures(), metrics: [], rddCallSites: [], scopes: [] };
  }

  private finish(slot: StageSlot): void {
    slot.index = this.slots.length;
    this.slots.push(slot);
  }

  /** A metric updated by `slot`'s tasks (none when the subtree does not run). */
  private metric(slot: StageSlot | undefined, name: string, metricType: MetricType, value?: number, runTimeShare?: number): PlanMetric {
    const metric: PlanMetric = { name, metricType, accumulatorId: this.ctx.nextAccumulatorId() };
    if (slot) {
      metric.slot = slot;
      if (value !== undefined) metric.value = value;
      if (runTimeShare !== undefined) metric.runTimeShare = runTimeShare;
      slot.metrics.push(metric);
    }
    return metric;
  }

  private driverMetric(slot: StageSlot | undefined, name: string, metricType: MetricType, value: number | (() => number)): PlanMetric {
    const metric: PlanMetric = { name, metricType, accumulatorId: this.ctx.nextAccumulatorId() };
    if (slot) {
      metric.slot = 'driver';
      if (typeof value === 'function') metric.resolve = value;
      else metric.value = value;
      this.driverMetrics.push(metric);
    }
    return metric;
  }

  private unused(name: string, metricType: MetricType): PlanMetric {
    return { name, metricType, accumulatorId: this.ctx.nextAccumulatorId() };
  }

  private get atLeast34(): boolean {
    return versionAtLeast(this.ctx.sparkVersion, 3, 4);
  }

  private get atLeast35(): boolean {
    return versionAtLeast(this.ctx.sparkVersion, 3, 5);
  }

  private planIdSuffix(): string {
    return this.atLeast34 ? `[plan_id=${this.ctx.nextPlanId()}]` : `[id=#${this.ctx.nextPlanId()}]`;
  }

  /** `slot` undefined: the subtree is shown but does not run (a cache built by an earlier action). */
  private node(plan: PlanNode, slot: StageSlot | undefined): PhysicalNode {
    switch (plan.op) {
      case 'scan':
        return this.scan(plan, slot);
      case 'local': {
        const metrics = [this.metric(slot, 'number of output rows', 'sum', plan.rows)];
        if (slot) slot.scopes.push('LocalTableScan');
        return { ...node('LocalTableScan', `LocalTableScan [${this.cols(plan.columns)}]`, [], metrics, [`Output [${plan.columns.length}]: [${this.cols(plan.columns)}]`, `Arguments: [${this.cols(plan.columns)}]`]), codegen: true, slot };
      }
      case 'jdbc': {
        const relation = `JDBCRelation(${plan.table}) [numPartitions=1]`;
        const schema = plan.columns.map((c) => `${c}:${columnType(c)}`).join(',');
        const metrics = [this.metric(slot, 'number of output rows', 'sum', plan.rows)];
        if (slot) {
          slot.figures.inputRecords += plan.rows;
          slot.scopes.push('Scan JDBCRelation');
        }
        const simple = `Scan ${relation} [${plan.columns.map((c) => this.col(c)).join(',')}] PushedAggregates: [], PushedFilters: [], PushedGroupby: [], ReadSchema: struct<${schema}>`;
        return { ...node(`Scan ${relation} `, simple, [], metrics, [`Output [${plan.columns.length}]: [${this.cols(plan.columns)}]`, `ReadSchema: struct<${schema}>`]), codegen: true, slot };
      }
      case 'rdd': {
        let upstream: StageSlot | undefined;
        for (let i = 0; slot && i < (plan.rddStages ?? 0); i++) {
          const rddSlot = this.newSlot('rdd-map', `RDD shuffle ${i + 1} of ${plan.rddStages}`);
          if (upstream) rddSlot.parents.push(upstream);
          this.finish(rddSlot);
          upstream = rddSlot;
        }
        if (slot) {
          if (upstream) slot.parents.push(upstream);
          slot.rddCallSites.push(...(plan.rddCallSites ?? []));
          slot.scopes.push('SerializeFromObject');
        }
        const obj = this.col('obj');
        const scan = { ...node('Scan', `Scan[${obj}]`, [], [this.metric(slot, 'number of output rows', 'sum', plan.rows)], [`Output [1]: [${obj}]`]), codegen: true, slot };
        return { ...node('SerializeFromObject', `SerializeFromObject [${this.cols(plan.columns)}]`, [scan], [], [`Input [1]: [${obj}]`]), codegen: true, slot };
      }
      case 'cache':
        return this.cache(plan, slot);
      case 'filter': {
        const child = this.node(plan.child, slot);
        return { ...node('Filter', `Filter ${plan.condition}`, [child], [this.metric(slot, 'number of output rows', 'sum', plan.rows)], [`Condition : ${plan.condition}`]), codegen: true, slot };
      }
      case 'project': {
        const child = this.node(plan.child, slot);
        return { ...node('Project', `Project [${this.cols(plan.columns)}]`, [child], [], [`Output [${plan.columns.length}]: [${this.cols(plan.columns)}]`]), codegen: true, slot };
      }
      case 'exchange':
        return this.exchange(plan, slot);
      case 'broadcast':
        return this.broadcast(plan.bytes, plan.rows, plan.child, slot);
      case 'join':
        return this.join(plan, slot);
      case 'aggregate': {
        const child = this.node(plan.child, slot);
        const functions = plan.functions.map((f) => (plan.mode === 'partial' ? `partial_${f}` : f)).join(', ');
        const metrics = [
          this.spillMetric(slot, plan.spill),
          this.metric(slot, 'time in aggregation build', 'timing', undefined, 0.3),
          this.metric(slot, 'peak memory', 'size', Math.min(plan.rows * 64, 256 * 1024 * 1024) + 262144),
          this.metric(slot, 'number of output rows', 'sum', plan.rows),
          this.metric(slot, 'number of sort fallback tasks', 'sum', 0),
          this.metric(slot, this.atLeast34 ? 'avg hash probes per key' : 'avg hash probe bucket list iters', 'average', 10),
        ];
        return { ...node('HashAggregate', `HashAggregate(keys=[${this.cols(plan.keys)}], functions=[${functions}])`, [child], metrics, [`Keys [${plan.keys.length}]: [${this.cols(plan.keys)}]`, `Functions [${plan.functions.length}]: [${functions}]`]), codegen: true, slot };
      }
      case 'window': {
        const child = this.node(plan.child, slot);
        const order = plan.orderBy.map((c) => `${this.col(c)} ASC NULLS FIRST`).join(', ');
        const partition = this.cols(plan.partitionBy);
        const spec = [partition, order].filter((part) => part !== '').join(', ');
        const frame = 'specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())';
        const expressions = plan.functions.map((f) => `${f} windowspecdefinition(${spec}, ${frame}) AS ${this.col(windowAlias(f))}`).join(', ');
        const args = [`[${expressions}]`, partition === '' ? undefined : `[${partition}]`, `[${order}]`].filter((part): part is string => part !== undefined).join(', ');
        return { ...node('Window', `Window ${args}`, [child], [this.spillMetric(slot, plan.spill)], [`Arguments: ${args}`]), codegen: false, slot };
      }
      case 'sort':
        return this.sort(plan.orderBy, plan.global, this.node(plan.child, slot), slot, plan.spill);
      case 'python-udf': {
        const child = this.node(plan.child, slot);
        const outputs = plan.udfs.map((_, i) => this.col(`pythonUDF${i}`)).join(', ');
        const metrics = [
          this.metric(slot, 'time to run Python workers', 'timing', undefined, 0.25),
          this.metric(slot, 'data returned from Python workers', 'size', plan.rows * 24),
          this.metric(slot, 'time to start Python workers', 'timing', undefined, 0.002),
          this.metric(slot, 'time to initialize Python workers', 'timing', undefined, 0.004),
          this.metric(slot, 'data sent to Python workers', 'size', plan.rows * 18),
          this.metric(slot, 'number of output rows', 'sum', plan.rows),
        ];
        if (slot) slot.scopes.push('BatchEvalPython');
        return { ...node('BatchEvalPython', `BatchEvalPython [${plan.udfs.join(', ')}], [${outputs}]`, [child], metrics, [`Arguments: [${plan.udfs.join(', ')}], [${outputs}]`]), codegen: false, slot };
      }
      case 'coalesce': {
        const child = this.node(plan.child, slot);
        return { ...node('Coalesce', `Coalesce ${plan.partitions}`, [child], [], [`Arguments: ${plan.partitions}`]), codegen: false, slot };
      }
      case 'limit': {
        const child = this.node(plan.child, slot);
        if (plan.orderBy?.length) {
          const order = plan.orderBy.map((c) => `${this.col(c)} DESC NULLS LAST`).join(', ');
          return { ...node('TakeOrderedAndProject', `TakeOrderedAndProject(limit=${plan.limit}, orderBy=[${order}], output=[${plan.columns.map((c) => this.col(c)).join(',')}])`, [child], [], [`Arguments: ${plan.limit}, [${order}]`]), codegen: false, slot };
        }
        return { ...node('CollectLimit', `CollectLimit ${plan.limit}`, [child], [], [`Arguments: ${plan.limit}`]), codegen: false, slot };
      }
      case 'write':
        return this.write(plan, slot);
    }
  }

  private spillMetric(slot: StageSlot | undefined, spill: Spill | undefined): PlanMetric {
    if (slot && spill) {
      slot.figures.memorySpilledBytes += spill.memoryBytes;
      slot.figures.diskSpilledBytes += spill.diskBytes;
    }
    return this.metric(slot, 'spill size', 'size', spill?.memoryBytes ?? 0);
  }

  private scan(plan: Extract<PlanNode, { op: 'scan' }>, slot: StageSlot | undefined): PhysicalNode {
    const batched = plan.format === 'parquet' || plan.format === 'delta' || plan.format === 'orc';
    const fileFormat = plan.format === 'delta' ? 'parquet' : plan.format;
    const formatName = { parquet: 'Parquet', delta: 'Parquet', csv: 'CSV', json: 'JSON', orc: 'ORC' }[plan.format];
    const table = plan.table ? (this.atLeast34 ? `spark_catalog.${plan.table}` : plan.table) : '';
    const index = plan.format === 'delta' ? 'PreparedDeltaFileIndex' : 'InMemoryFileIndex';
    const location = `${index}(1 paths)[${plan.path}]`;
    const schema = plan.columns.map((c) => `${c}:${columnType(c)}`).join(',');
    const pushed = (plan.pushedFilters ?? []).join(', ');
    const output = plan.columns.map((c) => this.col(c)).join(',');
    const simple = `FileScan ${fileFormat} ${table}[${output}] Batched: ${batched}, DataFilters: [], Format: ${formatName}, Location: ${location}, PartitionFilters: [], PushedFilters: [${pushed}], ReadSchema: struct<${schema}>`;
    const metadata: Record<string, string> = {
      Location: location,
      ReadSchema: `struct<${schema}>`,
      Format: formatName,
      Batched: `${batched}`,
      PartitionFilters: '[]',
      PushedFilters: `[${pushed}]`,
      DataFilters: '[]',
    };
    const metrics = [
      this.metric(slot, 'number of output rows', 'sum', plan.rows),
      this.driverMetric(slot, 'number of files read', 'sum', plan.files ?? Math.max(1, Math.ceil(plan.bytes / (96 * 1024 * 1024)))),
      this.driverMetric(slot, 'metadata time', 'timing', Math.round(40 + Math.log2(1 + plan.bytes / 1e6) * 12)),
      this.driverMetric(slot, 'size of files read', 'size', plan.bytes),
    ];
    if (batched) metrics.push(this.metric(slot, 'scan time', 'timing', undefined, 0.35));
    if (slot) {
      slot.figures.inputBytes += plan.bytes;
      slot.figures.inputRecords += plan.rows;
      slot.scopes.push('FileScan');
    }
    const details = [`Output [${plan.columns.length}]: [${this.cols(plan.columns)}]`, `Batched: ${batched}`, `Location: ${location}`, `PushedFilters: [${pushed}]`, `ReadSchema: struct<${schema}>`];
    const scanNode: PhysicalNode = { ...node(`Scan ${fileFormat} ${table}`, simple, [], metrics, details), metadata, codegen: !batched, slot };
    if (!batched) return scanNode;
    const toRow = [this.metric(slot, 'number of output rows', 'sum', plan.rows), this.metric(slot, 'number of input batches', 'sum', Math.max(1, Math.ceil(plan.rows / 4096)))];
    return { ...node('ColumnarToRow', 'ColumnarToRow', [scanNode], toRow, [`Input [${plan.columns.length}]: [${this.cols(plan.columns)}]`]), codegen: true, slot };
  }

  private cache(plan: Extract<PlanNode, { op: 'cache' }>, slot: StageSlot | undefined): PhysicalNode {
    const runsChild = slot !== undefined && !plan.materialized;
    const child = this.node(plan.child, runsChild ? slot : undefined);
    const rddName = plan.rddName ?? `*(1) ${child.simpleString.slice(0, 180)}`;
    const cached = { rddName, memoryBytes: plan.memoryBytes, diskBytes: plan.diskBytes ?? 0, partitions: plan.partitions, callSite: plan.builtBy ?? this.ctx.callSite };
    if (slot) {
      if (plan.materialized) {
        slot.cacheRead = cached;
        slot.figures.inputBytes += plan.memoryBytes;
        slot.figures.inputRecords += plan.rows;
      } else slot.cache = cached;
      slot.scopes.push('InMemoryTableScan');
    }
    const metrics = [this.metric(slot, 'number of output rows', 'sum', plan.rows)];
    const scan: PhysicalNode = { ...node('InMemoryTableScan', `InMemoryTableScan [${this.cols(plan.columns)}]`, [child], metrics, [`Output [${plan.columns.length}]: [${this.cols(plan.columns)}]`]), codegen: false, slot };
    if (this.ctx.adaptive && this.atLeast35 && this.hasExchange) scan.queryStage = 'table-cache';
    return scan;
  }

  private exchange(plan: Extract<PlanNode, { op: 'exchange' }>, slot: StageSlot | undefined): PhysicalNode {
    const { partitioning, bytes, rows, child: childPlan } = plan;
    const written = plan.shuffleBytes ?? Math.round(bytes * 0.45);
    const mapSlot = slot ? this.newSlot('shuffle-map', `Exchange ${partitioning}`) : undefined;
    const child = this.node(childPlan, mapSlot);
    const partitions = partitionCount(partitioning);
    if (mapSlot && slot) {
      this.finish(mapSlot);
      mapSlot.figures.shuffleWriteBytes += written;
      mapSlot.figures.shuffleWriteRecords += rows;
      mapSlot.scopes.push('Exchange');
      slot.parents.push(mapSlot);
      slot.figures.shuffleReadBytes += written;
      slot.figures.shuffleReadRecords += rows;
    }
    const local = Math.round(written / Math.max(1, this.ctx.executors));
    const blocks = partitions * 4;
    const metrics: PlanMetric[] = [
      this.metric(mapSlot, 'shuffle records written', 'sum', rows),
      this.metric(mapSlot, 'shuffle write time', 'nsTiming', Math.round(written * 9.5)),
      this.metric(slot, 'records read', 'sum', rows),
      this.metric(slot, 'local bytes read', 'size', local),
      this.metric(slot, 'fetch wait time', 'timing', undefined, 0.01),
      this.metric(slot, 'remote bytes read', 'size', written - local),
      this.metric(slot, 'local blocks read', 'sum', Math.round(blocks / Math.max(1, this.ctx.executors))),
      this.metric(slot, 'remote blocks read', 'sum', blocks - Math.round(blocks / Math.max(1, this.ctx.executors))),
      this.metric(mapSlot, 'data size', 'size', bytes),
      this.driverMetric(slot, 'number of partitions', 'sum', partitions),
      this.metric(slot, 'remote bytes read to disk', 'size', 0),
      this.metric(mapSlot, 'shuffle bytes written', 'size', written),
    ];
    if (this.atLeast34) {
      for (const name of ['remote merged bytes read', 'local merged blocks fetched', 'corrupt merged block chunks', 'remote merged reqs duration', 'remote merged blocks fetched', 'local merged chunks fetched', 'remote merged chunks fetched', 'merged fetch fallback count', 'local merged bytes read', 'remote reqs duration']) {
        metrics.push(this.unused(name, name.includes('bytes') ? 'size' : name.includes('duration') ? 'timing' : 'sum'));
      }
    }
    const simple = `Exchange ${partitioning}, ENSURE_REQUIREMENTS, ${this.planIdSuffix()}`;
    const exchange: PhysicalNode = { ...node('Exchange', simple, [child], metrics, [`Arguments: ${partitioning}, ENSURE_REQUIREMENTS`]), codegen: false, slot: mapSlot };
    if (this.ctx.adaptive && this.hasExchange) {
      exchange.queryStage = 'shuffle';
      if (partitions > 1 && slot) exchange.aqeRead = { readSlot: slot, dataSize: written, partitions, skewedPartitions: plan.skewedPartitions };
    }
    return exchange;
  }

  private broadcast(bytes: number, rows: number, childPlan: PlanNode, slot: StageSlot | undefined): PhysicalNode {
    const collectSlot = slot ? this.newSlot('broadcast', 'BroadcastExchange') : undefined;
    const child = this.node(childPlan, collectSlot);
    if (collectSlot) {
      this.finish(collectSlot);
      collectSlot.scopes.push('BroadcastExchange');
    }
    const metrics = [
      this.driverMetric(slot, 'data size', 'size', bytes),
      this.driverMetric(slot, 'number of output rows', 'sum', rows),
      this.driverMetric(slot, 'time to collect', 'timing', Math.round(180 + bytes / 2e6)),
      this.driverMetric(slot, 'time to build', 'timing', Math.round(8 + bytes / 8e6)),
      this.driverMetric(slot, 'time to broadcast', 'timing', Math.round(20 + bytes / 4e6)),
    ];
    const simple = `BroadcastExchange HashedRelationBroadcastMode(List(input[0, string, false]),false), ${this.planIdSuffix()}`;
    const exchange: PhysicalNode = { ...node('BroadcastExchange', simple, [child], metrics, ['Arguments: HashedRelationBroadcastMode(List(input[0, string, false]),false)']), codegen: false, slot: collectSlot };
    if (this.ctx.adaptive && this.hasExchange) exchange.queryStage = 'broadcast';
    return exchange;
  }

  private sort(orderBy: Columns, global: boolean, child: PhysicalNode, slot: StageSlot | undefined, spill?: Spill): PhysicalNode {
    const order = orderBy.map((c) => `${this.col(c)} ASC NULLS FIRST`).join(', ');
    const metrics = [this.metric(slot, 'sort time', 'timing', undefined, 0.15), this.metric(slot, 'peak memory', 'size', 64 * 1024 * 1024), this.spillMetric(slot, spill)];
    return { ...node('Sort', `Sort [${order}], ${global}, 0`, [child], metrics, [`Arguments: [${order}], ${global}, 0`]), codegen: true, slot };
  }

  private join(plan: Extract<PlanNode, { op: 'join' }>, slot: StageSlot | undefined): PhysicalNode {
    let left = this.node(plan.left, slot);
    const outer = this.namespace;
    this.namespace = `${outer}r/`;
    let right = this.node(plan.right, slot);
    const rightKeys = this.cols(plan.rightKeys);
    if (plan.strategy === 'SortMergeJoin') right = this.sort(plan.rightKeys, false, right, slot);
    this.namespace = outer;
    const keys = `[${this.cols(plan.leftKeys)}], [${rightKeys}]`;
    const metrics: PlanMetric[] = [this.metric(slot, 'number of output rows', 'sum', plan.rows)];
    let simple: string;
    switch (plan.strategy) {
      case 'SortMergeJoin':
        left = this.sort(plan.leftKeys, false, left, slot);
        metrics.push(this.spillMetric(slot, plan.spill));
        simple = `SortMergeJoin ${keys}, ${plan.joinType}`;
        break;
      case 'ShuffledHashJoin':
        metrics.push(this.metric(slot, 'build side size', 'size', 64 * 1024 * 1024), this.metric(slot, 'build time', 'timing', undefined, 0.05));
        simple = `ShuffledHashJoin ${keys}, ${plan.joinType}, BuildRight`;
        break;
      case 'BroadcastHashJoin':
        simple = `BroadcastHashJoin ${keys}, ${plan.joinType}, BuildRight, false`;
        break;
      case 'BroadcastNestedLoopJoin':
        simple = `BroadcastNestedLoopJoin BuildRight, ${plan.joinType}`;
        break;
    }
    const joinNode: PhysicalNode = { ...node(plan.strategy, simple, [left, right], metrics, [`Left keys [${plan.leftKeys.length}]: [${this.cols(plan.leftKeys)}]`, `Right keys [${plan.rightKeys.length}]: [${rightKeys}]`, `Join type: ${plan.joinType}`]), codegen: true, slot };
    if (plan.strategy === 'SortMergeJoin') joinNode.codegenBoundary = true;
    return joinNode;
  }

  private write(plan: WriteNode, slot: StageSlot | undefined): PhysicalNode {
    let child = this.node(plan.child, slot);
    if (plan.partitionBy?.length) child = this.sort(plan.partitionBy, false, child, slot);
    if (slot) {
      slot.figures.outputBytes += plan.bytes;
      slot.figures.outputRecords += plan.rows;
    }
    const writeFiles: PhysicalNode = { ...node('WriteFiles', 'WriteFiles', [child], [], [`Input [${plan.columns.length}]: [${this.cols(plan.columns)}]`]), codegen: false, slot };
    const options = { ...(plan.options ?? {}), path: plan.path };
    const partitions = plan.partitionBy?.length ? `[${this.cols(plan.partitionBy)}], ` : '';
    const format = { parquet: 'Parquet', delta: 'Parquet', csv: 'CSV', json: 'JSON', orc: 'ORC' }[plan.format];
    const args = `${plan.path}, false, ${partitions}${format}, ${mapString(options)}, ${plan.mode}, [${plan.columns.join(', ')}]`;
    const metrics = [
      this.metric(slot, 'task commit time', 'timing', undefined, 0.01),
      this.driverMetric(slot, 'number of written files', 'sum', plan.files),
      this.driverMetric(slot, 'job commit time', 'timing', Math.round(900 + plan.files * 35)),
      this.driverMetric(slot, 'number of output rows', 'sum', plan.rows),
      this.driverMetric(slot, 'number of dynamic part', 'sum', plan.partitionBy?.length ? 1 : 0),
      this.driverMetric(slot, 'written output', 'size', plan.bytes),
    ];
    const children = this.atLeast34 ? [writeFiles] : [child];
    return { ...node('Execute InsertIntoHadoopFsRelationCommand', `Execute InsertIntoHadoopFsRelationCommand ${args}`, children, metrics, [`Arguments: ${args}`]), codegen: false, slot };
  }
}

function node(nodeName: string, simpleString: string, children: PhysicalNode[], metrics: PlanMetric[], details: string[]): PhysicalNode {
  return { nodeName, simpleString, children, metrics, metadata: {}, details, codegen: false };
}

/** Spark's redacted options map as argString prints it: `[k=v, k2=v2]`. */
function mapString(options: Record<string, string>): string {
  return `[${Object.entries(options)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')}]`;
}

function windowAlias(fn: string): string {
  const name = /^(\w+)/.exec(fn)?.[1] ?? 'w';
  return `_we_${name}`;
}

export function partitionCount(partitioning: string): number {
  if (partitioning.startsWith('SinglePartition')) return 1;
  const match = /,\s*(\d+)\)\s*$/.exec(partitioning);
  return match ? Number(match[1]) : 200;
}

export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return maj > major || (maj === major && min >= minor);
}

function containsExchange(plan: PlanNode): boolean {
  if (plan.op === 'exchange' || plan.op === 'broadcast') return true;
  if (plan.op === 'cache') return !plan.materialized && containsExchange(plan.child);
  return childrenOf(plan).some(containsExchange);
}

export function childrenOf(plan: PlanNode): PlanNode[] {
  switch (plan.op) {
    case 'scan':
    case 'local':
    case 'jdbc':
    case 'rdd':
      return [];
    case 'join':
      return [plan.left, plan.right];
    default:
      return [plan.child];
  }
}

/** The stages a plan runs, in the order its StageDescriptions must be listed. */
export function planStages(plan: PlanNode, sparkVersion = '3.5.1'): Array<{ index: number; kind: SlotKind; label: string }> {
  let counter = 0;
  const builder = new PlanBuilder({
    sparkVersion,
    adaptive: false,
    executors: 1,
    nextAccumulatorId: () => counter++,
    nextExprId: () => counter++,
    nextPlanId: () => counter++,
    callSite: '',
    objectId: () => '0',
  });
  const query = plan.op === 'write' && plan.command === 'SaveIntoDataSourceCommand' ? plan.child : plan;
  return builder.build(query).slots.map((slot) => ({ index: slot.index, kind: slot.kind, label: slot.label }));
}
