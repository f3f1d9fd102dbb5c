// graphile-worker with its batched modes as the bench's anchor (issue 29): a local queue of 500 jobs fetched in one
// statement, completions batched, concurrency 8, no-op jobs. Usage: node run.mjs <connection string> <jobs>
// Prints one line: "<jobs> jobs in <seconds> s = <jobs/s> jobs/s".
import { Logger, makeWorkerUtils, run } from "graphile-worker";

const [connectionString, jobsArg] = process.argv.slice(2);
const jobs = Number(jobsArg ?? 20000);
const preset = { worker: { connectionString, concurrentJobs: 8, maxPoolSize: 10, localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0, pollInterval: 2000 } };

// Its default logger writes a line per job, which would be most of what is measured.
const logger = new Logger(() => (level, message) => { if (level === "error") console.error(message); });
const utils = await makeWorkerUtils({ connectionString, logger });
await utils.migrate();
await utils.withPgClient((pg) => pg.query("delete from graphile_worker._private_jobs"));
for (let added = 0; added < jobs; added += 1000) {
  await utils.addJobs(Array.from({ length: Math.min(1000, jobs - added) }, () => ({ identifier: "noop", payload: {} })));
}

let completed = 0;
const started = process.hrtime.bigint();
const runner = await run({ preset, noHandleSignals: true, logger, taskList: { noop: async () => {} } });
runner.events.on("job:complete", () => { completed++; });
// Completed jobs are deleted; with batched completion the event comes before the batch commits, so count the table.
for (;;) {
  const { rows } = await utils.withPgClient((pg) => pg.query("select count(*)::int as n from graphile_worker._private_jobs"));
  if (rows[0].n === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 5));
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await runner.stop();
await utils.release();
console.log(`${jobs} jobs in ${seconds.toFixed(3)} s = ${(jobs / seconds).toFixed(0)} jobs/s (completion events ${completed})`);
