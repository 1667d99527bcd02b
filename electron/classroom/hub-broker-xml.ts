// The hub's broker.xml, whole: a single-purpose broker whose every line is a classroom decision
// (docs/classroom.md says which feature carries what). Written from scratch rather than edited
// from `artemis create`'s template: the template's acceptors, auto-creation and open security
// are exactly what the hub must not have.
import { ANSWER_ADDRESS, ASK_ADDRESS_PREFIX } from '../../shared/classroom-ask.js';
import { CLASSROOM_ADDRESS, CLASSROOM_QUEUE, ROW_KEY } from '../../shared/classroom-event.js';

export const INSTRUCTOR_ROLE = 'instructor';
export const ATTENDEE_ROLE = 'attendee';

export interface HubXmlPlan {
  /** The address the AMQP acceptor listens on (the room's LAN; tests: 127.0.0.1). */
  bind: string;
  port: number;
  /** PKCS12 keystore with the hub's self-signed certificate; null: plain TCP (docs say what that exposes). */
  tls: { keyStorePath: string; keyStorePassword: string } | null;
  /** Connections the acceptor takes at once: a room of attendees with room to spare. */
  connectionsAllowed: number;
}

/** Everything the hub holds stays well under this: 8 KB rows of a few hundred attendees. */
export const HUB_ADDRESS_MAX_BYTES = 8 * 1024 * 1024;
/** What any other address may hold (none other exists; management replies are small). */
const OTHER_ADDRESS_MAX_BYTES = 1024 * 1024;
/** One attendee's ask queue: a few asks of a few hundred bytes. */
const ASK_ADDRESS_MAX_BYTES = 64 * 1024;
/** Answers: declines and zips (each at most 8 MB) waiting for the instructor's side to file them. */
export const ANSWER_ADDRESS_MAX_BYTES = 24 * 1024 * 1024;
/**
 * A zip is above the acceptor's large-message size, so it is kept on disk and barely counts
 * towards max-size-bytes (2.44.0 took 65 MB of zips into a 24 MB address): the number of messages
 * is what bounds the address.
 */
export const ANSWER_ADDRESS_MAX_MESSAGES = 40;
const ASK_ADDRESS_MAX_MESSAGES = 16;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The acceptor URL: AMQP only, TLS when there is a keystore; `;` separates parameters, so `&` is not needed. */
export function hubAcceptorUrl(plan: HubXmlPlan): string {
  const params = [
    'protocols=AMQP',
    `connectionsAllowed=${plan.connectionsAllowed}`,
    // An attendee's state is at most 8 KB: never a large message on disk.
    'amqpMinLargeMessageSize=102400',
    'amqpCredits=100',
    'amqpLowCredits=30',
    ...(plan.tls ? ['sslEnabled=true', `keyStorePath=${plan.tls.keyStorePath}`, `keyStorePassword=${plan.tls.keyStorePassword}`, 'keyStoreType=PKCS12'] : []),
  ];
  const host = plan.bind.includes(':') ? `[${plan.bind}]` : plan.bind;
  return `tcp://${host}:${plan.port}?${params.join(';')}`;
}

export function hubBrokerXml(plan: HubXmlPlan): string {
  const i = INSTRUCTOR_ROLE;
  const a = ATTENDEE_ROLE;
  return `<?xml version='1.0'?>
<!-- The AMQ HA Lab classroom hub: written by \`amq-ha-lab classroom host\`; docs/classroom.md explains each part. -->
<configuration xmlns="urn:activemq" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:activemq /schema/artemis-configuration.xsd">
   <core xmlns="urn:activemq:core" xsi:schemaLocation="urn:activemq:core ">
      <name>classroom-hub</name>
      <!-- Durable: a hub restarted keeps every attendee's latest state. -->
      <persistence-enabled>true</persistence-enabled>
      <journal-type>NIO</journal-type>
      <paging-directory>data/paging</paging-directory>
      <bindings-directory>data/bindings</bindings-directory>
      <journal-directory>data/journal</journal-directory>
      <large-messages-directory>data/large-messages</large-messages-directory>
      <journal-file-size>1M</journal-file-size>
      <journal-min-files>2</journal-min-files>
      <journal-pool-files>4</journal-pool-files>
      <max-disk-usage>95</max-disk-usage>
      <global-max-size>48M</global-max-size>
      <security-enabled>true</security-enabled>
      <!-- No ghost queue: whoever asks for an address or queue that is not below is refused. -->
      <acceptors>
         <acceptor name="classroom">${escapeXml(hubAcceptorUrl(plan))}</acceptor>
      </acceptors>
      <security-settings>
         <!-- Nobody creates or deletes queues or addresses: the hub's are declared below. -->
         <security-setting match="#">
            <permission type="send" roles="${i}"/>
            <permission type="consume" roles="${i}"/>
            <permission type="browse" roles="${i}"/>
            <permission type="manage" roles="${i}"/>
         </security-setting>
         <!-- Attendees only send their state; only the instructor reads it. -->
         <security-setting match="${CLASSROOM_ADDRESS}">
            <permission type="send" roles="${a},${i}"/>
            <permission type="consume" roles="${i}"/>
            <permission type="browse" roles="${i}"/>
         </security-setting>
         <!-- Each attendee reads the asks on the queue named by their secret row key; only the instructor's side sends asks, and its send creates that queue. -->
         <security-setting match="${ASK_ADDRESS_PREFIX}#">
            <permission type="send" roles="${i}"/>
            <permission type="consume" roles="${a},${i}"/>
            <permission type="browse" roles="${i}"/>
            <permission type="manage" roles="${i}"/>
            <permission type="createAddress" roles="${i}"/>
            <permission type="createDurableQueue" roles="${i}"/>
         </security-setting>
         <!-- Answers (a decline, or the zip after a yes): attendees send, only the instructor reads. -->
         <security-setting match="${ANSWER_ADDRESS}">
            <permission type="send" roles="${a},${i}"/>
            <permission type="consume" roles="${i}"/>
            <permission type="browse" roles="${i}"/>
         </security-setting>
      </security-settings>
      <address-settings>
         <address-setting match="#">
            <auto-create-queues>false</auto-create-queues>
            <auto-create-addresses>false</auto-create-addresses>
            <auto-delete-queues>false</auto-delete-queues>
            <auto-delete-addresses>false</auto-delete-addresses>
            <max-size-bytes>${OTHER_ADDRESS_MAX_BYTES}</max-size-bytes>
            <address-full-policy>FAIL</address-full-policy>
         </address-setting>
         <!-- One row per attendee (last value), so this stays small; a client gone wrong is refused (FAIL), never paged or blocking the others. -->
         <address-setting match="${CLASSROOM_ADDRESS}">
            <auto-create-queues>false</auto-create-queues>
            <auto-create-addresses>false</auto-create-addresses>
            <max-size-bytes>${HUB_ADDRESS_MAX_BYTES}</max-size-bytes>
            <address-full-policy>FAIL</address-full-policy>
         </address-setting>
         <!-- An ask queue appears when the instructor's side first sends to it (only it may create there), and stays. -->
         <address-setting match="${ASK_ADDRESS_PREFIX}#">
            <auto-create-addresses>true</auto-create-addresses>
            <auto-create-queues>true</auto-create-queues>
            <auto-delete-queues>false</auto-delete-queues>
            <auto-delete-addresses>false</auto-delete-addresses>
            <default-address-routing-type>ANYCAST</default-address-routing-type>
            <default-queue-routing-type>ANYCAST</default-queue-routing-type>
            <max-size-bytes>${ASK_ADDRESS_MAX_BYTES}</max-size-bytes>
            <max-size-messages>${ASK_ADDRESS_MAX_MESSAGES}</max-size-messages>
            <address-full-policy>FAIL</address-full-policy>
         </address-setting>
         <!-- The one address for large messages (the zips): bounded, and FAIL, like the rest. -->
         <address-setting match="${ANSWER_ADDRESS}">
            <auto-create-queues>false</auto-create-queues>
            <auto-create-addresses>false</auto-create-addresses>
            <max-size-bytes>${ANSWER_ADDRESS_MAX_BYTES}</max-size-bytes>
            <max-size-messages>${ANSWER_ADDRESS_MAX_MESSAGES}</max-size-messages>
            <address-full-policy>FAIL</address-full-policy>
         </address-setting>
      </address-settings>
      <addresses>
         <!-- The event address: multicast, so more subscriptions can be added without touching attendees. -->
         <address name="${CLASSROOM_ADDRESS}">
            <multicast>
               <!-- Last value per attendee row, non-destructive: any number of instructor views read it, none removes it. -->
               <queue name="${CLASSROOM_QUEUE}" last-value-key="${ROW_KEY}" non-destructive="true">
                  <durable>true</durable>
               </queue>
            </multicast>
         </address>
         <!-- Answers wait here, durable, until an instructor's view files them. -->
         <address name="${ANSWER_ADDRESS}">
            <anycast>
               <queue name="${ANSWER_ADDRESS}">
                  <durable>true</durable>
               </queue>
            </anycast>
         </address>
      </addresses>
   </core>
</configuration>
`;
}
