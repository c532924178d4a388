import { describeTarget, operatorActor, parseCommandArgs, requiredString, runCommand, TARGET_USAGE, UsageError } from './lib/cli.ts';
import { addHostname, type DomainSnapshot, edgeConfigFor, manualEdgeDeletion, removeHostname, verifyHostname } from './lib/hostnames.ts';
import { wranglerD1 } from './lib/wrangler.ts';
import { readConfigFile, readPlatformDomain } from './lib/wrangler-config.ts';

// npm run hostname:add -- --school <slug> --hostname learn.example.com --remote
// npm run hostname:verify -- --hostname learn.example.com [--force --reason "<why>"] --remote
// npm run hostname:remove -- --hostname learn.example.com --remote

const USAGES = {
  add: `npm run hostname:add -- --school <slug> --hostname <host> ${TARGET_USAGE}`,
  verify: `npm run hostname:verify -- --hostname <host> [--force --reason <why>] ${TARGET_USAGE}`,
  remove: `npm run hostname:remove -- --hostname <host> ${TARGET_USAGE}`,
} as const;

const CACHE_NOTE = 'Running Workers cache hostnames for up to 30 seconds: the change reaches every request within that time.';

function describe(snapshot: DomainSnapshot): string {
  const primary = snapshot.isPrimary ? ', primary' : '';
  const since = snapshot.failingSince ? `, failing since ${snapshot.failingSince}` : '';
  return `${snapshot.status ?? 'none'} (hostname ${snapshot.hostStatus}${primary}${since})`;
}

await runCommand(async () => {
  const [command, ...argv]: string[] = process.argv.slice(2);
  if (command !== 'add' && command !== 'verify' && command !== 'remove') {
    throw new UsageError(`The first argument must be "add", "verify" or "remove", not "${command ?? ''}".`, `node scripts/hostname.ts <add|verify|remove> ... ${TARGET_USAGE}`);
  }
  const usage = USAGES[command];

  if (command === 'add') {
    const { target, values } = parseCommandArgs(argv, { school: { type: 'string' }, hostname: { type: 'string' } }, usage);
    const slug = requiredString(values, 'school', usage).trim();
    const hostname = requiredString(values, 'hostname', usage);
    console.log(`hostname:add ${hostname.trim()} to ${slug} — ${describeTarget(target)}`);
    const platformDomain = readPlatformDomain(readConfigFile(target.config));
    const added = await addHostname({ d1: wranglerD1(target), actor: operatorActor(), platformDomain }, { slug, hostname });
    if (added.released) console.log(`Released "${added.released.slug}"'s abandoned claim on ${added.hostname} (${added.released.status}, past its verification window).`);
    console.log(`\nAdded ${added.hostname} to "${added.slug}" (pending). Ask the customer to create this DNS record:\n`);
    console.log(`  type   ${added.record.type}`);
    console.log(`  name   ${added.record.name}`);
    console.log(`  value  ${added.record.value}\n`);
    const cname = edgeConfigFor(target) ? process.env.CF_SAAS_CNAME_TARGET : undefined;
    if (cname) console.log(`and a CNAME from ${added.hostname} to ${cname} (Cloudflare for SaaS).\n`);
    console.log(`It must appear before ${added.expiresAt.toISOString()}. The Worker's scheduled job (every 5 minutes) looks it up by itself;`);
    console.log(`to check at once: npm run hostname:verify -- --hostname ${added.hostname} ${target.mode === 'local' ? '--local' : '--remote'}`);
    return;
  }

  if (command === 'verify') {
    const { target, values } = parseCommandArgs(argv, { hostname: { type: 'string' }, force: { type: 'boolean' }, reason: { type: 'string' } }, usage);
    const hostname = requiredString(values, 'hostname', usage);
    if (values.reason !== undefined && !values.force) throw new UsageError('--reason goes with --force.', usage);
    if (values.force && (typeof values.reason !== 'string' || values.reason.trim() === '')) {
      throw new UsageError('--force needs --reason "<how the customer proved control of the domain>", for the record.', usage);
    }
    const edge = edgeConfigFor(target) ? 'configured' : 'not-configured';
    const dohUrl = process.env.DOH_URL?.trim() || undefined;
    console.log(`hostname:verify ${hostname.trim()}${values.force ? ' (forced)' : ''} — ${describeTarget(target)}`);
    const result = await verifyHostname(
      { d1: wranglerD1(target), actor: operatorActor(), edge, ...(dohUrl ? { dohUrl } : {}) },
      { hostname, ...(values.force ? { force: { reason: String(values.reason) } } : {}) },
    );
    if (result.outcome === 'forced') console.log(`Marked verified without DNS: ${String(values.reason).trim()}`);
    else console.log(`DNS: TXT ${result.record.name} → ${result.outcome}${result.lookupProblem ? ` (${result.lookupProblem})` : ''}${dohUrl ? ` [resolver ${dohUrl}]` : ''}`);
    if (result.raced) throw new Error(`${result.hostname} was checked again, removed or replaced while it was being checked; nothing was written. Run the command again.`);
    console.log(`before: ${describe(result.before)}`);
    console.log(`after:  ${describe(result.after)}`);
    if (result.after.reason) console.log(`reason: ${result.after.reason}`);
    if (result.before.isPrimary && !result.after.isPrimary) console.log(`It no longer serves, so the primary host is ${result.primary ?? 'none'} again.`);
    if (result.after.status === 'verified' && edge === 'configured') {
      console.log('Cloudflare for SaaS is configured (CF_ZONE_ID, CF_API_TOKEN): the domain stays verified until the Worker\'s scheduled job (every 5 minutes)');
      console.log('creates its Cloudflare custom hostname and makes it active once the hostname and its certificate are active.');
    } else if (result.after.status === 'active' && result.before.status !== 'active' && target.mode === 'remote') {
      console.log('Cloudflare for SaaS is not configured in this shell (CF_ZONE_ID, CF_API_TOKEN unset), so the domain is active at once: route its traffic to the Worker yourself.');
    }
    if (result.before.hostStatus !== result.after.hostStatus || result.before.isPrimary !== result.after.isPrimary) console.log(CACHE_NOTE);
    return;
  }

  const { target, values } = parseCommandArgs(argv, { hostname: { type: 'string' } }, usage);
  const hostname = requiredString(values, 'hostname', usage);
  console.log(`hostname:remove ${hostname.trim()} — ${describeTarget(target)}`);
  const removed = await removeHostname({ d1: wranglerD1(target), actor: operatorActor(), edge: edgeConfigFor(target) }, { hostname });
  if (removed.edge?.deleted) console.log(`Deleted the Cloudflare for SaaS custom hostname ${removed.edge.id}.`);
  if (!removed.removed) {
    console.log(`${removed.hostname} was already gone (removed meanwhile); nothing else changed.`);
  } else {
    console.log(`Removed ${removed.hostname} from "${removed.slug}"; it was ${describe(removed.before)}.`);
    if (removed.before.isPrimary) console.log(`The primary host is ${removed.primary ?? 'none'} again.`);
  }
  if (removed.edge && !removed.edge.deleted) {
    console.log(`Cloudflare for SaaS: ${removed.edge.problem}.`);
    console.log(manualEdgeDeletion(removed.edge.id, removed.hostname));
  }
  console.log(CACHE_NOTE);
});
