import { AppError, type Failure } from '../errors/appFailure';
import { failureText } from '../errors/failureText';

export interface ReportEntry {
  file: string;
  /** French, shown to the agent as is. */
  reason: string;
  /** `error`: the file was not imported; `warning`: imported, with something to know. */
  severity: 'error' | 'warning';
}

export class ImportReport {
  readonly entries: ReportEntry[] = [];
  /** Links refused at normalisation (not https), and téléservices outside public-service domains. */
  droppedUrls = 0;
  offDomainServices = 0;
  /** Fiche addresses on a site that is not a public service's, refused. */
  offDomainFiches = 0;

  /** A file not imported, and why. */
  error(file: string, failure: Failure): void {
    this.entries.push({ file, reason: failureText(failure), severity: 'error' });
  }

  warning(file: string, reason: string): void {
    this.entries.push({ file, reason, severity: 'warning' });
  }

  get errors(): number {
    return this.entries.filter((e) => e.severity === 'error').length;
  }
}

/** Thrown when nothing usable was read: the installed corpus must stay as it was. */
export class CorpusImportError extends AppError {
  constructor(code: 'no-file' | 'no-valid-fiche', files: number, readonly report: ImportReport) {
    super('import', code, { files });
    this.name = 'CorpusImportError';
  }
}
