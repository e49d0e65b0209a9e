// The meshlens settings, pulled from the client with workspace/configuration when it supports that, else
// taken from the last didChangeConfiguration payload. One set for the whole server (the analysis host has one
// revision for all files); values are normalised (protocol/settings.ts), so nothing downstream sees raw config.
import type { Connection } from 'vscode-languageserver';
import { defaultSettings, normalizeSettings, settingsSection, type MeshlensSettings } from '../protocol/settings';

export class SettingsStore {
  private global: MeshlensSettings = defaultSettings;
  private pending: Promise<MeshlensSettings> = Promise.resolve(defaultSettings);

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** The settings once the last change is read; requests wait for it so they see the change. */
  current(): Promise<MeshlensSettings> {
    return this.pending;
  }

  /** Reads the settings again (at start, after didChangeConfiguration); push-style clients send them along. */
  reload(pushed?: unknown): Promise<MeshlensSettings> {
    const section = typeof pushed === 'object' && pushed !== null ? (pushed as Record<string, unknown>)[settingsSection] : undefined;
    if (section !== undefined) this.global = normalizeSettings(section);
    this.pending = this.canPull()
      ? this.connection.workspace.getConfiguration({ section: settingsSection }).then(normalizeSettings, () => this.global)
      : Promise.resolve(this.global);
    return this.pending;
  }
}
