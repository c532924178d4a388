/**
 * The one error hierarchy. Services throw these; each transport (HTTP, queue, cron,
 * operator scripts) maps them in exactly one place. Messages are written for the person
 * who will read them: say what was wrong and what to do.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;

// Plain fields rather than parameter properties: Node's type stripping (operator scripts)
// can load this file too.
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly details?: unknown;

  constructor(code: ErrorCode, status: ErrorStatus, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export class Invalid extends AppError {
  constructor(message: string, details?: unknown) {
    super('BAD_REQUEST', 400, message, details);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'Sign in to continue.', details?: unknown) {
    super('UNAUTHORIZED', 401, message, details);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You do not have permission to do that.', details?: unknown) {
    super('FORBIDDEN', 403, message, details);
  }
}

/** Also used for another school's objects: they must be indistinguishable from missing ones. */
export class NotFound extends AppError {
  constructor(message = 'Not found.') {
    super('NOT_FOUND', 404, message);
  }
}

export class Conflict extends AppError {
  constructor(message: string) {
    super('CONFLICT', 409, message);
  }
}

/** The declared size, or the bytes that arrived, are over what this upload may be. */
export class TooLarge extends AppError {
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', 413, message);
  }
}

/** The declared type is not allowed here, or the bytes are not what the type says. */
export class UnsupportedType extends AppError {
  constructor(message: string) {
    super('UNSUPPORTED_MEDIA_TYPE', 415, message);
  }
}

export class RateLimited extends AppError {
  constructor(message = 'Too many requests. Wait a minute and try again.') {
    super('RATE_LIMITED', 429, message);
  }
}

export class Unavailable extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', 503, message);
  }
}
