// The live cluster as the editor shows it: while the first load runs, a cancellable `$/progress` (window/
// workDoneProgress/create, when the client supports it; cancelling stops the reading); afterwards the
// `meshlens/clusterStatus` notification for the status-bar item, and each new problem once in the log. Everything
// here is already credential-free (the cluster adapter redacts), and it only passes it on.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { clusterStatusNotification, type ClusterReport, type ClusterStatusParams } from '../protocol/clusterStatus';

export class ClusterProgress {
  private reporter: Promise<WorkDoneProgressServerReporter | undefined> | undefined;
  private logged = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly clientShowsProgress: () => boolean,
    private readonly cancel: () => void,
    private readonly log: (message: string) => void,
  ) {}

  report(report: ClusterReport): void {
    if (report.kind === 'progress') {
      if (!this.clientShowsProgress()) return;
      this.reporter ??= this.connection.window.createWorkDoneProgress().then(
        (reporter) => {
          reporter.begin('meshlens: reading the cluster', 0, report.message, true);
          reporter.token.onCancellationRequested(() => this.cancel());
          return reporter;
        },
        () => undefined,
      );
      const percentage = report.total > 0 ? Math.round((100 * report.done) / report.total) : 0;
      void this.reporter.then((reporter) => reporter?.report(percentage, report.message));
      return;
    }
    this.status(report.status);
  }

  private status(status: ClusterStatusParams): void {
    if (status.state !== 'loading' && this.reporter) {
      const reporter = this.reporter;
      this.reporter = undefined;
      void reporter.then((r) => r?.done());
    }
    if (status.state === 'off') this.logged.clear();
    for (const problem of status.problems) {
      if (this.logged.has(problem)) continue;
      this.logged.add(problem);
      this.log(`meshlens: cluster ${status.context ?? ''}: ${problem}`.replace(/ {2}/g, ' '));
    }
    void this.connection.sendNotification(clusterStatusNotification, status).catch(() => undefined);
  }
}
