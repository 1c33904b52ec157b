/**
 * The `basic` provider and `hashPassword`: bcrypt as htpasswd writes it, scrypt as the
 * gateway writes it, plain passwords refused at compile time without being echoed.
 */
import bcrypt from 'bcryptjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword } from '../src/commands/hash-password.js';
import { authorize } from '../src/pipeline/auth/index.js';
import { basicHeader, compile, compileRaw, context, request, routeAuth } from './auth-support.js';

/** `htpasswd -nbB -C 5 ada 'correct horse battery staple'` style: `$2y$`, cost 5. */
const HTPASSWD_ADA = '$2y$05$picxSmoWGt1h6H/94pCb8uBXrBiy3o5DapeSxeazdPTM7/8A8I5I6';

async function login(
  users: { name: string; hash: string }[],
  authorization: string | undefined,
  realm?: string,
) {
  const { providers } = await compile({ basic: { type: 'basic', users, ...(realm && { realm }) } });
  const headers = authorization === undefined ? {} : { authorization };
  return authorize(
    routeAuth({ providers: 'basic', identityHeaders: { 'x-user': 'name' } }),
    providers,
    request({ headers }),
    context(),
  );
}

test('an htpasswd $2y$ bcrypt hash verifies', async () => {
  const outcome = await login(
    [{ name: 'ada', hash: HTPASSWD_ADA }],
    basicHeader('ada', 'correct horse battery staple'),
  );
  assert.is(outcome.result, 'allow');
  assert.is(outcome.identity?.name, 'ada');
  assert.equal(outcome.headers, { remove: ['authorization', 'x-user'], set: { 'x-user': 'ada' } });
});

test('a $2b$ hash made by bcryptjs and a scrypt hash made by hashPassword verify', async () => {
  const users = [
    { name: 'grace', hash: bcrypt.hashSync('cobol-1959', 6) },
    { name: 'alan', hash: await hashPassword('enigma-1939') },
  ];
  assert.is((await login(users, basicHeader('grace', 'cobol-1959'))).identity?.name, 'grace');
  assert.is((await login(users, basicHeader('alan', 'enigma-1939'))).identity?.name, 'alan');
});

test('hashPassword writes the documented formats', async () => {
  assert.match(await hashPassword('pw'), /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  assert.match(await hashPassword('pw', { algorithm: 'bcrypt' }), /^\$2b\$10\$[./A-Za-z0-9]{53}$/);
  assert.is.not(await hashPassword('pw'), await hashPassword('pw'), 'a fresh salt every time');
});

test('UTF-8 passwords and passwords containing ":" work (RFC 7617: split at the first colon)', async () => {
  const users = [{ name: 'zoë', hash: await hashPassword('pässwörd:with:colons') }];
  assert.is((await login(users, basicHeader('zoë', 'pässwörd:with:colons'))).result, 'allow');
});

test('a wrong password and an unknown user get the same answer', async () => {
  const users = [{ name: 'ada', hash: HTPASSWD_ADA }];
  const wrong = await login(users, basicHeader('ada', 'nope'));
  const unknown = await login(users, basicHeader('mallory', 'correct horse battery staple'));
  assert.is(wrong.reason, 'invalid user name or password');
  assert.is(unknown.reason, wrong.reason);
  assert.is(wrong.challenge, 'Basic realm="gateway", charset="UTF-8"');
  assert.not.ok(JSON.stringify(unknown).includes('correct horse'));
});

test('the realm is configurable and quoted safely', async () => {
  const outcome = await login([{ name: 'ada', hash: HTPASSWD_ADA }], undefined, 'ops "internal"');
  assert.is(outcome.challenge, 'Basic realm="ops \\"internal\\"", charset="UTF-8"');
  assert.is(outcome.reason, 'missing credential: expected Authorization: Basic <base64 of user:password>');
});

test('malformed Basic credentials are refused precisely', async () => {
  const users = [{ name: 'ada', hash: HTPASSWD_ADA }];
  for (const header of [
    'Basic !!!',
    `Basic ${Buffer.from('no-colon').toString('base64')}`,
    `Basic ${Buffer.from(':empty-user').toString('base64')}`,
  ]) {
    const outcome = await login(users, header);
    assert.is(outcome.reason, 'malformed Basic credential: expected base64 of user:password', header);
  }
  assert.match(
    (await login(users, 'Bearer abc')).reason,
    /^missing credential/,
    'another scheme is not a Basic credential',
  );
});

test('plain passwords and broken hashes are compile issues that never echo the value', async () => {
  const result = await compileRaw({
    basic: {
      type: 'basic',
      users: [
        { name: 'ada', hash: 'hunter2-plain' },
        { name: 'bob', hash: '$2y$05$tooshort' },
        { name: 'cy', hash: 'scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaA==' },
        { name: 'ada', hash: HTPASSWD_ADA },
      ],
    },
  });
  assert.is(result.ok, false);
  if (result.ok) return;
  assert.equal(
    result.issues.map((i) => i.path),
    [
      'auth.basic.users[0].hash',
      'auth.basic.users[1].hash',
      'auth.basic.users[2].hash',
      'auth.basic.users[3].name',
    ],
  );
  assert.is(
    result.issues[0]!.message,
    'not a bcrypt ($2y$…) or scrypt (scrypt$N$r$p$salt$hash) hash — plain passwords are refused; make a hash with `gateway hash-password`',
  );
  assert.is(result.issues[2]!.message, 'malformed scrypt hash: N must be a power of 2 between 2 and 2^20');
  assert.is(result.issues[3]!.message, 'user "ada" is listed twice');
  assert.not.ok(JSON.stringify(result.issues).includes('hunter2'));
});

test.run();
