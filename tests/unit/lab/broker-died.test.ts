// What an attendee reads when a broker dies at start: the cause and the fix, from real output.
import { describe, expect, it } from 'vitest';
import { classifyBrokerOutput } from '../../../electron/lab/broker-command.js';

describe('classifyBrokerOutput for brokers that die at start', () => {
  it('names the broken line of broker.xml', () => {
    const out = [
      '[Fatal Error] :38:30: The element type "journal-typo" must be terminated by the matching end-tag "</journal-typo>".',
      'org.xml.sax.SAXParseException; lineNumber: 38; columnNumber: 30; The element type "journal-typo" must be terminated by the matching end-tag "</journal-typo>".',
      '\tat java.xml/com.sun.org.apache.xerces.internal.parsers.DOMParser.parse(DOMParser.java:262)',
    ].join('\n');
    const e = classifyBrokerOutput(out);
    expect(e?.message).toBe(
      'The broker\'s etc/broker.xml is not valid XML (line 38: The element type "journal-typo" must be terminated by the matching end-tag "</journal-typo>").',
    );
    expect(e?.hint).toContain('setup --force');
    expect(e?.details).toContain('SAXParseException');
  });

  it('names a JVM option Java refuses', () => {
    const e = classifyBrokerOutput("Unrecognized VM option 'BogusOption'\nError: Could not create the Java Virtual Machine.");
    expect(e?.message).toContain('BogusOption');
    expect(e?.hint).toContain('artemis.profile');
  });
});
