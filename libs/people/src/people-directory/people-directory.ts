import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SignInObserver, VerifiedIdentity } from '@fund/auth';
import { DomainError, type Role, type SqlDatabase, type SqlExecutor } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';

export interface Person {
  readonly userId: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly email: string | null;
  readonly firstSignInAt: string;
  readonly lastSignInAt: string;
  readonly active: boolean;
  readonly deactivatedAt: string | null;
  readonly deactivatedBy: string | null;
}

interface PersonRow {
  user_id: string;
  role: Role;
  organization_id: string;
  email: string | null;
  first_sign_in_at: Date | string;
  last_sign_in_at: Date | string;
  active: boolean;
  deactivated_at: Date | string | null;
  deactivated_by: string | null;
}

const iso = (v: Date | string): string => new Date(v).toISOString();

function person(r: PersonRow): Person {
  return {
    userId: r.user_id,
    role: r.role,
    organizationId: r.organization_id,
    email: r.email,
    firstSignInAt: iso(r.first_sign_in_at),
    lastSignInAt: iso(r.last_sign_in_at),
    active: r.active,
    deactivatedAt: r.deactivated_at === null ? null : iso(r.deactivated_at),
    deactivatedBy: r.deactivated_by,
  };
}

/** Who may be told something: active people, by role, inside or outside an organization. */
export interface RecipientFilter {
  readonly roles: readonly Role[];
  readonly organizationId?: string;
  readonly notOrganizationId?: string;
  readonly userIds?: readonly string[];
}

/** Without an `iat` a token cannot say which sign-in it is: such a person is refreshed this often at most. */
const REFRESH_WITHOUT_IAT_MS = 5 * 60_000;

/**
 * The people directory: everyone who has signed in, with what their last token said (role,
 * organization, email). A table, not events: an email address is staff personal data that must
 * be correctable and erasable, and an immutable log kept for years is the wrong home for it;
 * a sign-in is not a decision anyone audits. Deactivation, which is a decision, keeps who and when.
 * Never holds anything about a survivor.
 */
@Injectable()
export class PeopleDirectory implements SignInObserver {
  private readonly logger = new Logger('PeopleDirectory');
  /** What was last written per user, so a token costs one write per process, not one per request. */
  private readonly written = new Map<string, { fingerprint: string; at: number }>();

  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async signedIn(identity: VerifiedIdentity): Promise<void> {
    const { actor, email, issuedAt } = identity;
    const fingerprint = `${actor.role}|${actor.organizationId}|${email ?? ''}|${issuedAt?.getTime() ?? ''}`;
    const last = this.written.get(actor.userId);
    const now = Date.now();
    if (last && last.fingerprint === fingerprint && (issuedAt !== undefined || now - last.at < REFRESH_WITHOUT_IAT_MS)) return;
    this.written.set(actor.userId, { fingerprint, at: now });
    try {
      await this.record(this.db, { userId: actor.userId, role: actor.role, organizationId: actor.organizationId, email: email ?? null, at: issuedAt ?? new Date(now) });
    } catch (error) {
      this.written.delete(actor.userId);
      // The request goes on: a missed directory update costs a notification, not the user's work.
      this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'sign-in not recorded in the people directory');
    }
  }

  /** Upsert from a sign-in. A later token's role or organization wins; an absent email keeps the known one. */
  async record(db: SqlExecutor, p: { userId: string; role: Role; organizationId: string; email: string | null; at: Date }): Promise<void> {
    await db.query(
      `INSERT INTO people (user_id, role, organization_id, email, first_sign_in_at, last_sign_in_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (user_id) DO UPDATE SET
         role = EXCLUDED.role,
         organization_id = EXCLUDED.organization_id,
         email = COALESCE(EXCLUDED.email, people.email),
         last_sign_in_at = GREATEST(people.last_sign_in_at, EXCLUDED.last_sign_in_at)`,
      [p.userId, p.role, p.organizationId, p.email, p.at.toISOString()],
    );
  }

  async list(filter: { role?: Role; organizationId?: string; active?: boolean; limit: number; offset: number }): Promise<Person[]> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT * FROM people
       WHERE ($1::text IS NULL OR role = $1) AND ($2::text IS NULL OR organization_id = $2) AND ($3::boolean IS NULL OR active = $3)
       ORDER BY organization_id, user_id LIMIT $4 OFFSET $5`,
      [filter.role ?? null, filter.organizationId ?? null, filter.active ?? null, filter.limit, filter.offset],
    );
    return rows.map(person);
  }

  async get(userId: string, db: SqlExecutor = this.db): Promise<Person | undefined> {
    const { rows } = await db.query<PersonRow>('SELECT * FROM people WHERE user_id = $1', [userId]);
    return rows[0] ? person(rows[0]) : undefined;
  }

  /** A deactivated person is told nothing more; signing in again does not undo it, a coordinator does. */
  async setActive(userId: string, active: boolean, by: string, at: Date): Promise<Person> {
    const { rows } = await this.db.query<PersonRow>(
      `UPDATE people SET active = $2,
         deactivated_at = CASE WHEN $2 THEN NULL ELSE COALESCE(deactivated_at, $3::timestamptz) END,
         deactivated_by = CASE WHEN $2 THEN NULL ELSE COALESCE(deactivated_by, $4) END
       WHERE user_id = $1 RETURNING *`,
      [userId, active, at.toISOString(), by],
    );
    if (!rows[0]) throw new DomainError('PEOPLE.NOT_FOUND', 'No one with this user id has signed in', {}, 'not_found');
    return person(rows[0]);
  }
}

/** Active people matching the filter, for a caller inside its own transaction (a projection). */
export async function findRecipients(tx: SqlExecutor, filter: RecipientFilter): Promise<Person[]> {
  const { rows } = await tx.query<PersonRow>(
    `SELECT * FROM people
     WHERE active AND role = ANY($1::text[])
       AND ($2::text IS NULL OR organization_id = $2)
       AND ($3::text IS NULL OR organization_id <> $3)
       AND ($4::text[] IS NULL OR user_id = ANY($4::text[]))
     ORDER BY user_id`,
    [filter.roles, filter.organizationId ?? null, filter.notOrganizationId ?? null, filter.userIds ?? null],
  );
  return rows.map(person);
}

/** Shows enough of an address to tell two apart in a log or a screen, never the whole of it. */
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
