// broker.xml's ha-policy: replication, a shared store or none, and the role's element in the
// version's own words (master/slave below 2.32, primary/backup from it).
import type { HaDialect } from '../../../shared/lab-state.js';
import type { BrokerRole } from '../../../shared/labs/lab-definition.js';
import type { BrokerXmlPlan } from './broker-xml-plan.js';
import { childElements, ensureChild, firstChild, newElement, removeElement, setChildText } from './xml-dom.js';

const ROLE_NAMES = ['master', 'primary', 'slave', 'backup'];
const SAME_ROLE: Record<string, BrokerRole> = { master: 'primary', primary: 'primary', slave: 'backup', backup: 'backup' };

export function roleElementName(dialect: HaDialect, role: BrokerRole): string {
  if (dialect === 'primary-backup') return role === 'backup' ? 'backup' : 'primary';
  return role === 'backup' ? 'slave' : 'master';
}

/** The HA policy, in the version's own words: replication, a shared store, or none. */
export function editHaPolicy(core: Element, plan: BrokerXmlPlan, changes: string[]): void {
  if (plan.ha === 'none') {
    for (const el of childElements(core, 'ha-policy')) {
      removeElement(el);
      changes.push('removed the ha-policy: a cluster member without a backup.');
    }
    return;
  }
  const kind = plan.ha === 'replication' ? 'replication' : 'shared-store';
  const { el: haPolicy } = ensureChild(core, 'ha-policy');
  for (const other of childElements(haPolicy).filter((e) => e.localName !== kind)) {
    removeElement(other);
    changes.push(`removed ha-policy '${other.localName}': this broker uses ${kind}.`);
  }
  const { el: policy } = ensureChild(haPolicy, kind);
  const wanted = roleElementName(plan.dialect, plan.role);
  let role = firstChild(policy, wanted);
  for (const other of childElements(policy).filter((e) => ROLE_NAMES.includes(e.localName) && e.localName !== wanted)) {
    // Same role in the other dialect (master <-> primary): keep its settings under the right name.
    if (!role && SAME_ROLE[other.localName] === plan.role) {
      role = newElement(policy, wanted);
      for (const child of Array.from(other.childNodes)) role.appendChild(child);
      policy.insertBefore(role, other);
    }
    removeElement(other);
    changes.push(`ha-policy <${other.localName}> replaced by <${wanted}> (the name Artemis ${plan.dialect === 'primary-backup' ? '2.32+' : 'below 2.32'} uses).`);
  }
  if (!role) role = ensureChild(policy, wanted).el;
  const settings = plan.settings ?? {};
  if (plan.role !== 'backup') {
    if (kind === 'replication') {
      const name = plan.dialect === 'primary-backup' ? 'check-for-active-server' : 'check-for-live-server';
      const check = settings.checkForLive !== false;
      if (setChildText(role, name, String(check))) {
        changes.push(
          check
            ? `<${wanted}> ${name}=true: a restarted primary first asks whether a backup took over, so the two never both serve clients.`
            : `<${wanted}> ${name}=false: a restarted primary goes live without asking whether a backup took over.`,
        );
      }
    }
    if (kind === 'replication' && settings.voteOnReplicationFailure !== undefined) {
      if (setChildText(role, 'vote-on-replication-failure', String(settings.voteOnReplicationFailure))) {
        changes.push(
          settings.voteOnReplicationFailure
            ? `<${wanted}> vote-on-replication-failure=true: a primary that loses its backup asks a quorum whether it may stay live.`
            : `<${wanted}> vote-on-replication-failure=false: a primary that loses its backup stays live without asking anyone.`,
        );
      }
    }
    if (kind === 'shared-store' && settings.failoverOnShutdown !== undefined) {
      if (setChildText(role, 'failover-on-shutdown', String(settings.failoverOnShutdown))) {
        changes.push(
          `<${wanted}> failover-on-shutdown=${settings.failoverOnShutdown}: ${settings.failoverOnShutdown ? 'a graceful stop hands over to the backup too' : 'only a failure hands over; a graceful stop leaves the backup waiting'}.`,
        );
      }
    }
    return;
  }
  const failback = settings.allowFailback !== false;
  if (setChildText(role, 'allow-failback', String(failback))) {
    changes.push(
      failback
        ? `<${wanted}> allow-failback=true: when the primary comes back, the backup hands over and waits again.`
        : `<${wanted}> allow-failback=false: a backup that took over stays live when the primary comes back.`,
    );
  }
  const saved = settings.savedReplicatedJournals ?? 0;
  if (kind === 'replication' && setChildText(role, 'max-saved-replicated-journals-size', String(saved))) {
    changes.push(
      saved === 0
        ? `<${wanted}> max-saved-replicated-journals-size=0: no stale oldreplica journal copies pile up on each restart.`
        : `<${wanted}> max-saved-replicated-journals-size=${saved}: when it copies its live again, its own journal is kept as data/*/oldreplica.N (what it alone held stays on disk).`,
    );
  }
  if (kind === 'shared-store' && settings.failoverOnShutdown !== undefined && setChildText(role, 'failover-on-shutdown', String(settings.failoverOnShutdown))) {
    changes.push(`<${wanted}> failover-on-shutdown=${settings.failoverOnShutdown}.`);
  }
}
