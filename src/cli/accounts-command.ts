import { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { read } from 'read';

import { AccessKeyService } from '../auth/access-keys/access-key.service';
import { AccountAdmin } from '../auth/account-admin';

export const USAGE = `Usage: npm run accounts -- <command>

  list                        the accounts, with uuid, type and state
  create <name> [--admin]     a new account (--admin: sees every VM)
  reset-password <name>       a new password; the account's sessions end
  disable <name>              refuse its logins; its sessions answer SYS.1006
  enable <name>               accept its logins again; its old sessions end

  access-keys create <name>   a new access key of the account; prints its id and secret once
  access-keys list [<name>]   the access keys, with id, account, state and creation date
  access-keys disable <id>    refuse requests signed with the key
  access-keys enable <id>
  access-keys delete <id>

Passwords are read from a prompt, or from standard input when it is not a terminal
(the first line), never from the command line.`;

export interface Terminal {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean };
}

export class UsageError extends Error {}

/** Runs one operator command; throws UsageError for a command line it cannot take. */
export async function runAccountsCommand(
  args: string[],
  admin: AccountAdmin,
  terminal: Terminal,
  accessKeys: AccessKeyService,
): Promise<void> {
  const { positionals, values } = parseArguments(args);
  const [command, name, ...extra] = positionals;
  const say = (line: string) => terminal.output.write(`${line}\n`);

  if (command === 'access-keys') {
    if (values.admin) {
      throw new UsageError(USAGE);
    }

    return runAccessKeysCommand(positionals.slice(1), accessKeys, say);
  }

  const wantsName = command !== 'list';

  if (command === 'create' && extra.length > 0) {
    throw new UsageError(
      'passwords are never taken from the command line: use the prompt or standard input',
    );
  }

  if (extra.length > 0 || wantsName !== (name !== undefined)) {
    throw new UsageError(USAGE);
  }

  if (wantsName && name.trim() === '') {
    throw new UsageError('the account name must not be empty');
  }

  switch (command) {
    case 'list':
      for (const account of await admin.list()) {
        say(`${account.name}\t${account.uuid}\t${account.type}\t${account.state}`);
      }

      return;
    case 'create': {
      const account = await admin.create(name, await readPassword(terminal), values.admin);
      say(`created ${account.type} account ${account.name} (${account.uuid})`);

      return;
    }
    case 'reset-password':
      await admin.resetPassword(name, await readPassword(terminal));
      say(`password of ${name} changed; its sessions have ended`);

      return;
    case 'disable':
    case 'enable':
      await admin.setState(name, command === 'disable' ? 'Disabled' : 'Enabled');
      say(`${name} ${command}d`);

      return;
    default:
      throw new UsageError(USAGE);
  }
}

async function runAccessKeysCommand(
  [command, target, ...extra]: string[],
  accessKeys: AccessKeyService,
  say: (line: string) => void,
): Promise<void> {
  const needsTarget = command !== 'list';

  if (extra.length > 0 || (needsTarget && target === undefined)) {
    throw new UsageError(USAGE);
  }

  if (target?.trim() === '') {
    throw new UsageError('the account name or access key id must not be empty');
  }

  switch (command) {
    case 'create': {
      const key = await accessKeys.create(await accountUuidOf(accessKeys, target));
      say(`created access key ${key.accessKeyId} of ${target}; the secret is shown this once`);
      say(`AccessKeyId: ${key.accessKeyId}`);
      say(`AccessKeySecret: ${key.accessKeySecret}`);

      return;
    }
    case 'list': {
      const owner = target === undefined ? undefined : await accountUuidOf(accessKeys, target);

      for (const key of await accessKeys.list(owner)) {
        say(
          `${key.accessKeyId}\t${key.accountName}\t${key.state}\t${key.createDate.toISOString()}`,
        );
      }

      return;
    }
    case 'disable':
    case 'enable':
      await accessKeys.setState(target, command === 'disable' ? 'Disabled' : 'Enabled');
      say(`access key ${target} ${command}d`);

      return;
    case 'delete':
      await accessKeys.delete(target);
      say(`access key ${target} deleted`);

      return;
    default:
      throw new UsageError(USAGE);
  }
}

async function accountUuidOf(accessKeys: AccessKeyService, name: string): Promise<string> {
  const uuid = await accessKeys.accountUuidOf(name);

  if (uuid === undefined) {
    throw new Error('no account by that name');
  }

  return uuid;
}

function parseArguments(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: { admin: { type: 'boolean', default: false } },
    });
  } catch (error) {
    const { message } = error as Error;
    const hint = message.includes('--password')
      ? 'passwords are never taken from the command line: use the prompt or standard input'
      : USAGE;

    throw new UsageError(`${message}\n\n${hint}`);
  }
}

async function readPassword(terminal: Terminal): Promise<string> {
  const password = terminal.input.isTTY
    ? await promptTwice(terminal)
    : await firstLine(terminal.input);

  if (password.length === 0) {
    throw new UsageError('the password must not be empty');
  }

  return password;
}

async function promptTwice(terminal: Terminal): Promise<string> {
  const ask = (prompt: string) =>
    read({ prompt, silent: true, replace: '', input: terminal.input, output: terminal.output });
  const password = await ask('password: ');

  if ((await ask('again: ')) !== password) {
    throw new UsageError('the two passwords differ');
  }

  return password;
}

async function firstLine(input: Readable): Promise<string> {
  let text = '';

  for await (const chunk of input) {
    text += String(chunk);

    if (text.includes('\n')) {
      break;
    }
  }

  return text.split(/\r?\n/)[0];
}
