import { parseSignature, type SignatureDetails } from '../../src/taskpane/mail/parse-signature.js';

const none: SignatureDetails = { name: null, jobTitle: null, company: null, phone: null };

describe('parseSignature', () => {
  test.each<[string, string, string, SignatureDetails]>([
    [
      'the sample inbox: name, "title, company", labelled phone',
      'Hello,\n\nCould we set up a call?\n\nKind regards,\nJordan Avery\nHead of Purchasing, New Prospect Ltd.\nPhone: +44 20 7946 0958',
      'Jordan Avery',
      { name: 'Jordan Avery', jobTitle: 'Head of Purchasing', company: 'New Prospect Ltd.', phone: '+44 20 7946 0958' },
    ],
    [
      'title and company on their own lines, bare phone number, an address and a web site skipped',
      'Hi\n\nThanks,\nAnna-Lena Schmidt\nSales Director\nBorealis GmbH\n+49 (30) 123-4567\nanna@borealis.example\nwww.borealis.example',
      '',
      { name: 'Anna-Lena Schmidt', jobTitle: 'Sales Director', company: 'Borealis GmbH', phone: '+49 (30) 123-4567' },
    ],
    [
      '"--" starts the signature; "title | company"; mobile label',
      'See attached.\n-- \nPriya Raman\nCTO | Acme Robotics\nM. 555 010 0199',
      '',
      { name: 'Priya Raman', jobTitle: 'CTO', company: 'Acme Robotics', phone: '555 010 0199' },
    ],
    [
      '"title at company"',
      'Best,\nTom Brady\nBuyer at Northwind Traders',
      '',
      { name: 'Tom Brady', jobTitle: 'Buyer', company: 'Northwind Traders', phone: null },
    ],
    [
      'no sign-off: the block starts at the sender’s name',
      'Please call me back.\n\nMarta Lopez\nOffice manager\nTel. 0171 234 5678',
      'Marta Lopez',
      { name: 'Marta Lopez', jobTitle: 'Office manager', company: null, phone: '0171 234 5678' },
    ],
    [
      'the quoted earlier message is not the sender’s signature',
      'Sounds good.\n\nOn Tue, Jordan wrote:\n> Best regards,\n> Someone Else\n> Boss, Other Co',
      'Jordan Avery',
      none,
    ],
    [
      'a first line that is no name: title and company only',
      'Regards,\nhead of sales, Acme\n',
      '',
      { name: null, jobTitle: 'head of sales', company: 'Acme', phone: null },
    ],
    ['no signature at all', 'Just a quick question about the invoice.', 'Sam Doe', none],
    ['an empty body', '', '', none],
    [
      'a line with a year is no phone number',
      'Thanks!\nAlex Kim\nSince 2019',
      '',
      { name: 'Alex Kim', jobTitle: 'Since 2019', company: null, phone: null },
    ],
    [
      'Windows line breaks and extra blanks',
      'Hi\r\n\r\nBest regards,\r\n  Jordan   Avery \r\nBuyer,   Acme  \r\n',
      '',
      { name: 'Jordan Avery', jobTitle: 'Buyer', company: 'Acme', phone: null },
    ],
  ])('%s', (_name, body, sender, expected) => {
    expect(parseSignature(body, sender)).toEqual(expected);
  });
});
