import { splitDisplayName } from '../../src/taskpane/mail/split-display-name';

describe('splitDisplayName', () => {
  test.each<[string, string, string, string]>([
    // display name, address, first, last
    ['Jordan Avery', 'jordan.avery@newprospect.example', 'Jordan', 'Avery'],
    ['Jordan van der Berg', 'j@x.example', 'Jordan', 'van der Berg'],
    ['Avery, Jordan', 'x@x.example', 'Jordan', 'Avery'],
    ['Avery,Jordan Lee', 'x@x.example', 'Jordan Lee', 'Avery'],
    ['"Jordan Avery"', 'x@x.example', 'Jordan', 'Avery'],
    ["'Jordan Avery'", 'x@x.example', 'Jordan', 'Avery'],
    ['Jordan Avery (New Prospect)', 'x@x.example', 'Jordan', 'Avery'],
    ['[External] Jordan   Avery', 'x@x.example', 'Jordan', 'Avery'],
    ['  Marie-Claire   Dubois  ', 'x@x.example', 'Marie-Claire', 'Dubois'],
    // No usable display name: the address's local part.
    ['', 'jordan.avery@newprospect.example', 'Jordan', 'Avery'],
    ['jordan.avery@newprospect.example', 'jordan.avery@newprospect.example', 'Jordan', 'Avery'],
    ['', 'JORDAN_AVERY2@x.example', 'Jordan', 'Avery'],
    ['', 'anna-lena.schmidt+crm@x.example', 'Anna-Lena', 'Schmidt'],
    ['', 'j.van-dyke@x.example', 'J', 'Van-Dyke'],
    ['', 'info@x.example', 'Info', ''],
    ['', '', '', ''],
    // One word: the address completes it when it can.
    ['Jordan', 'jordan.avery@x.example', 'Jordan', 'Avery'],
    ['Jordan', 'jordan@x.example', 'Jordan', ''],
    ['Madonna', '', 'Madonna', ''],
  ])('%j <%s> → %j %j', (displayName, email, firstName, lastName) => {
    expect(splitDisplayName(displayName, email)).toEqual({ firstName, lastName });
  });
});
