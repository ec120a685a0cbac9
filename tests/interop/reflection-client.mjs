#!/usr/bin/env node
// An independent gRPC client for the Rehab Platform gateway. It knows no .proto file and no generated code: it asks
// the gateway's server reflection for rehab.referral.v1.ReferralService, builds the service and its message types
// from the file descriptors it gets back, and calls CreateReferral, GetReferral and ListReferrals, then makes one
// call that must fail (a wrong check digit) to show the status code a client sees.
//
// Usage:
//   node reflection-client.mjs [gateway-address]
// Environment:
//   GATEWAY_ADDRESS   host:port of the gateway's gRPC (h2c) listener, unless given as the first argument
//   REHAB_TOKEN       bearer token (a JWT) of an FK officer of REHAB_FK_OFFICE
//   REHAB_PURPOSE     purpose of processing sent as x-rehab-purpose (default: "interop check")
//   IDENTITY_NUMBER   a valid personnummer, e.g. 19850612-1236, that no other referral uses
//   REHAB_FK_OFFICE   FK office of the referral (default: fk-office-1)
//   REHAB_TODAY       today's date as yyyy-mm-dd (default: today in Europe/Stockholm)
//
// Prints one JSON document on stdout; progress goes to stderr. Exits 0 only if every step behaved as expected.
// The identity number is never printed.

import * as grpc from '@grpc/grpc-js';
import { GrpcReflection } from 'grpc-js-reflection-client';

const SERVICE = 'rehab.referral.v1.ReferralService';

const address = process.argv[2] ?? process.env.GATEWAY_ADDRESS;
const token = process.env.REHAB_TOKEN;
const purpose = process.env.REHAB_PURPOSE ?? 'interop check';
const identityNumber = process.env.IDENTITY_NUMBER;
const fkOffice = process.env.REHAB_FK_OFFICE ?? 'fk-office-1';
const today = process.env.REHAB_TODAY ?? stockholmToday();

function stockholmToday() {
  // en-CA formats as yyyy-mm-dd.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
}

function log(message) {
  process.stderr.write(`[interop] ${message}\n`);
}

function fail(message) {
  log(`FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

/** google.type.Date `offset` days from today, as a plain object the reflected type accepts. */
function day(offset) {
  const [y, m, d] = today.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + offset));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The same personnummer with a different (hence wrong) last digit: the Luhn check digit. */
function withWrongCheckDigit(pnr) {
  const last = Number(pnr.at(-1));
  return pnr.slice(0, -1) + String((last + 1) % 10);
}

function metadata() {
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${token}`);
  md.set('x-rehab-purpose', purpose);
  return md;
}

function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata(), { deadline: Date.now() + 15_000 }, (err, response) =>
      err ? reject(err) : resolve(response));
  });
}

/** Fails unless every field the client means to set is a field of the reflected message type. */
function requireFields(root, typeName, request) {
  const type = root.lookupType(typeName);
  const known = new Set(type.fieldsArray.map(f => f.name));
  const unknown = Object.keys(request).filter(k => !known.has(k));
  if (unknown.length > 0) fail(`${typeName} has no field(s) ${unknown.join(', ')} according to reflection`);
}

function describeMethods(root) {
  const service = root.lookupService(SERVICE);
  return service.methodsArray.map(m => ({
    name: m.name,
    request: m.resolvedRequestType?.fullName?.replace(/^\./, '') ?? m.requestType,
    response: m.resolvedResponseType?.fullName?.replace(/^\./, '') ?? m.responseType,
  }));
}

async function main() {
  if (!address) fail('no gateway address: pass it as the first argument or set GATEWAY_ADDRESS');
  if (!token) fail('REHAB_TOKEN is not set');
  if (!identityNumber) fail('IDENTITY_NUMBER is not set');
  const credentials = grpc.credentials.createInsecure();
  const result = { gateway: address, today };

  // 1. Discovery through both reflection protocol versions the gateway serves.
  const reflectionV1 = new GrpcReflection(address, credentials, {}, 'v1');
  const reflectionV1Alpha = new GrpcReflection(address, credentials, {}, 'v1alpha');
  result.services = (await reflectionV1.listServices()).sort();
  result.servicesV1Alpha = (await reflectionV1Alpha.listServices()).sort();
  log(`reflection lists ${result.services.length} services`);
  if (!result.services.includes(SERVICE)) fail(`${SERVICE} is not listed by reflection v1`);
  if (!result.servicesV1Alpha.includes(SERVICE)) fail(`${SERVICE} is not listed by reflection v1alpha`);

  const descriptor = await reflectionV1.getDescriptorBySymbol(SERVICE);
  const root = descriptor.getProtobufJsRoot();
  result.methods = describeMethods(root);
  log(`${SERVICE} has ${result.methods.length} methods`);

  const pkg = descriptor.getPackageObject({ keepCase: true, enums: String, longs: String, defaults: true, oneofs: true });
  const Service = SERVICE.split('.').reduce((o, k) => o?.[k], pkg);
  if (typeof Service !== 'function') fail(`reflection gave no constructible ${SERVICE}`);
  const client = new Service(address, credentials);

  try {
    // 2. CreateReferral, with field and enum names as reflection reports them.
    const create = {
      request_id: crypto.randomUUID(),
      identity_number: identityNumber,
      sick_case_id: `SC-${crypto.randomUUID().slice(0, 8)}`,
      sick_case_start_date: day(-200),
      benefit_types: ['BENEFIT_TYPE_SICKNESS_BENEFIT'],
      gender: 'GENDER_WOMAN',
      fk_office_id: fkOffice,
      impulse_source: 'IMPULSE_SOURCE_FK',
      has_employer: false,
      effective_date: day(-30),
    };
    requireFields(root, 'rehab.referral.v1.CreateReferralRequest', create);
    result.created = await unary(client, 'CreateReferral', create);
    const id = result.created.referral_id;
    if (!id) fail('CreateReferral answered without a referral_id');
    log(`created referral ${id} in state ${result.created.state}`);

    // 3. GetReferral reads it back.
    result.fetched = await unary(client, 'GetReferral', { referral_id: id });
    if (result.fetched.referral_id !== id) fail(`GetReferral answered ${result.fetched.referral_id}, not ${id}`);
    log(`read back referral ${id}`);

    // 4. ListReferrals for the office finds it (following pages if needed).
    let found = null, pages = 0, page_token = '';
    const listed = [];
    do {
      const page = await unary(client, 'ListReferrals', { page_size: 100, page_token, office_id: fkOffice });
      listed.push(...page.referrals.map(r => r.referral_id));
      found ??= page.referrals.find(r => r.referral_id === id) ?? null;
      page_token = page.next_page_token;
      pages++;
    } while (!found && page_token && pages < 50);
    result.listed = { office_id: fkOffice, pages, referral_ids: listed, contains_created: found !== null };
    if (!found) fail(`ListReferrals for ${fkOffice} does not contain ${id}`);
    log(`ListReferrals contains ${id} (${listed.length} referrals over ${pages} page(s))`);

    // 5. A call that must fail: the same request with a wrong check digit.
    const bad = { ...create, request_id: crypto.randomUUID(), identity_number: withWrongCheckDigit(identityNumber) };
    try {
      const unexpected = await unary(client, 'CreateReferral', bad);
      result.badCall = { rpc: 'CreateReferral', error: null, unexpected_referral_id: unexpected.referral_id };
      fail('CreateReferral with a wrong check digit succeeded');
    } catch (err) {
      if (err.code === undefined) throw err;
      result.badCall = {
        rpc: 'CreateReferral',
        cause: 'identity number with a wrong check digit',
        code: err.code,
        codeName: grpc.status[err.code],
        details: err.details,
      };
      log(`bad call answered ${grpc.status[err.code]} (${err.code}): ${err.details}`);
      if (err.code !== grpc.status.INVALID_ARGUMENT) fail(`expected INVALID_ARGUMENT (3), got ${err.code}`);
    }
    result.ok = true;
  } finally {
    client.close();
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  }
}

main().catch(err => {
  if (!process.exitCode) log(`FAILED: ${err?.code !== undefined ? `${grpc.status[err.code]} (${err.code}): ${err.details}` : err?.stack ?? err}`);
  process.exitCode = 1;
});
