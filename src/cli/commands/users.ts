import type { Command } from 'commander';
import {
  createApiToken,
  createUser,
  listTokensOf,
  listUsersOf,
  resetUserPassword,
  revokeToken,
  setUserDisabled,
  updateUserProfile,
  userByEmail,
} from '../../auth/manage-users.service.js';
import { generatePassword } from '../../platform/auth/password.js';
import { withContext, type GlobalOptions } from '../context.js';
import { textTable } from '../report-output.js';
import { terminal } from '../terminal.js';

const iso = (value: Date | string | null) =>
  value === null ? '—' : new Date(value).toISOString().slice(0, 16).replace('T', ' ');

/**
 * `settle users`, `settle user add|role|disable|enable|reset-password` and `settle token add|revoke`.
 * People are named by e-mail. The CLI acts as the organization's owner (whoever can open the data
 * directory or the database owns it), so it can also make tokens for any service user.
 */
export function registerUserCommands(program: Command): void {
  program
    .command('users')
    .description('the users of the organization, with their role and whether they are disabled')
    .action(async (_options: object, command: Command) => {
      await withContext(
        'users',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const users = await listUsersOf(database, actor);
          terminal().stdout.write(
            textTable([
              ['email', 'name', 'role', 'kind', 'disabled', 'created'],
              ...users.map((user) => [
                user.email,
                user.name,
                user.role,
                user.kind,
                user.disabled_at === null ? 'no' : `since ${iso(user.disabled_at)}`,
                iso(user.created_at),
              ]),
            ]),
          );
        },
      );
    });

  const user = program
    .command('user')
    .description('add users, change their role, disable them, reset their password');

  user
    .command('add')
    .description(
      'add a person (prints a generated password once unless --password is given) or, with --service, a service user for API tokens',
    )
    .requiredOption('--email <email>', "the user's e-mail, used to sign in")
    .requiredOption('--role <role>', 'owner, admin, accountant, collector, sales or viewer')
    .option('--name <name>', 'default: the e-mail')
    .option('--password <password>', 'at least 12 characters (default: generated and printed once)')
    .option(
      '--service',
      'a service user: no password, acts only through API tokens (settle token add --user)',
    )
    .action(
      async (
        options: {
          email: string;
          role: string;
          name?: string;
          password?: string;
          service?: boolean;
        },
        command: Command,
      ) => {
        await withContext(
          'user add',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor, say }) => {
            const generated =
              options.service || options.password !== undefined ? undefined : generatePassword();
            const created = await createUser(database, actor, {
              email: options.email,
              name: options.name ?? '',
              role: options.role,
              kind: options.service ? 'service' : 'person',
              password: options.password ?? generated,
            });
            terminal().stdout.write(
              `Added ${created.kind === 'service' ? 'the service user ' : ''}${created.email} (${created.role}).\n`,
            );
            if (generated !== undefined)
              say(`  password: ${generated}   (shown once: hand it over now)`);
          },
        );
      },
    );

  user
    .command('role')
    .description("change a user's role")
    .argument('<email>', 'the user')
    .argument('<role>', 'owner, admin, accountant, collector, sales or viewer')
    .action(async (email: string, role: string, _options: object, command: Command) => {
      await withContext(
        'user role',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const target = await userByEmail(database, actor, email, 'email');
          const changed = await updateUserProfile(database, actor, target.id, { role });
          terminal().stdout.write(
            `${changed.email} is now ${changed.role} (was ${target.role}).\n`,
          );
        },
      );
    });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(action)
      .description(
        disabled
          ? 'disable a user: its sessions end and its API tokens are revoked at once'
          : 'let a disabled user sign in again',
      )
      .argument('<email>', 'the user')
      .action(async (email: string, _options: object, command: Command) => {
        await withContext(
          `user ${action}`,
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const target = await userByEmail(database, actor, email, 'email');
            const result = await setUserDisabled(database, actor, target.id, disabled);
            terminal().stdout.write(
              disabled
                ? `Disabled ${target.email}: ${result.sessionsEnded} session(s) ended, ${result.tokensRevoked} token(s) revoked.\n`
                : `Enabled ${target.email}.\n`,
            );
          },
        );
      });
  }

  user
    .command('reset-password')
    .description(
      "set a user's password (generated and printed once unless --password is given) and end its sessions",
    )
    .argument('<email>', 'the user')
    .option('--password <password>', 'at least 12 characters')
    .action(async (email: string, options: { password?: string }, command: Command) => {
      await withContext(
        'user reset-password',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor, say }) => {
          const target = await userByEmail(database, actor, email, 'email');
          const result = await resetUserPassword(database, actor, target.id, {
            password: options.password,
          });
          terminal().stdout.write(
            `Reset the password of ${target.email}: ${result.sessionsEnded} session(s) ended.\n`,
          );
          if (result.password !== null)
            say(`  password: ${result.password}   (shown once: hand it over now)`);
        },
      );
    });

  const token = program
    .command('token')
    .description('list, make and revoke API tokens of service users');

  token
    .command('list')
    .description('the API tokens (never their secrets)')
    .action(async (_options: object, command: Command) => {
      await withContext(
        'token list',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const [tokens, users] = await Promise.all([
            listTokensOf(database, actor),
            listUsersOf(database, actor),
          ]);
          const emails = new Map(users.map((item) => [item.id, item.email]));
          terminal().stdout.write(
            textTable([
              ['name', 'acts as', 'prefix', 'created', 'revoked', 'id'],
              ...tokens.map((item) => [
                item.name,
                emails.get(item.user_id) ?? item.user_id,
                item.token_prefix,
                iso(item.created_at),
                iso(item.revoked_at),
                item.id,
              ]),
            ]),
          );
        },
      );
    });

  token
    .command('add')
    .description('make an API token for a service user; the secret is printed once')
    .requiredOption('--user <email>', 'the service user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .action(async (options: { user: string; name: string }, command: Command) => {
      await withContext(
        'token add',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const target = await userByEmail(database, actor, options.user, 'user');
          const created = await createApiToken(database, actor, {
            name: options.name,
            userId: target.id,
          });
          terminal().stdout.write(`${created.token}\n`);
        },
      );
    });

  token
    .command('revoke')
    .description('revoke an API token')
    .argument('<id>', 'the token id (settle token list)')
    .action(async (id: string, _options: object, command: Command) => {
      await withContext(
        'token revoke',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const revoked = await revokeToken(database, actor, id);
          terminal().stdout.write(`Revoked the token "${revoked.name}".\n`);
        },
      );
    });
}
