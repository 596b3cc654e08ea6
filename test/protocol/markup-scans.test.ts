import { elementPathAt } from '../../src/protocol/element-path-at.js';
import { rootElementNamespace } from '../../src/protocol/root-element-namespace.js';

describe('elementPathAt: the elements open at a place in a document (for messages only)', () => {
  const at = (xml: string) => elementPathAt(xml.replace('|', ''), xml.indexOf('|'));
  it.each<[string, string, string[]]>([
    [
      'inside a value',
      '<s:Envelope><s:Body><fb:Login><userName>al|ice</userName></fb:Login></s:Body></s:Envelope>',
      ['Envelope', 'Body', 'Login', 'userName'],
    ],
    ['after a closed sibling', '<a><b>x</b><c>|</c></a>', ['a', 'c']],
    ['self-closing elements do not stay open', '<a><b/><c x="1"/>|</a>', ['a']],
    ['a quoted > in an attribute', '<a t="x>y"><b>|</b></a>', ['a', 'b']],
    ['comments, CDATA and declarations are skipped', '<?xml version="1.0"?><a><!-- <b> --><![CDATA[<c>]]><d>|</d></a>', ['a', 'd']],
    ['inside an attribute value: the element is not open yet', '<a><b t="|">', ['a']],
    ['before the root', '|<a/>', []],
  ])('%s', (_name, xml, path) => {
    expect(at(xml)).toEqual(path);
  });
});

describe('rootElementNamespace', () => {
  it.each<[string, string, string | null]>([
    ['a prefixed root', '<soap:Envelope xmlns:soap="urn:a" xmlns:fb="urn:b"/>', 'urn:a'],
    ['the default namespace', '<Envelope xmlns="urn:a"><Body/></Envelope>', 'urn:a'],
    ['none declared', '<Envelope><Body/></Envelope>', null],
    ['a prefix declared for another', '<soap:Envelope xmlns:s="urn:a"/>', null],
    ['an empty default namespace', '<Envelope xmlns=""/>', ''],
    ['single quotes, spaces around =', "<e:Envelope xmlns:e = 'urn:a'/>", 'urn:a'],
    [
      'after BOM, declaration, comment and PI',
      '\uFEFF<?xml version="1.0"?>\n<!-- <x:Envelope xmlns:x="urn:no"> -->\n<?pi x?>\n<x:Envelope xmlns:x="urn:yes"/>',
      'urn:yes',
    ],
    ['an attribute with > before the declaration', '<x:E a="1>2" xmlns:x="urn:a"/>', 'urn:a'],
  ])('%s', (_name, xml, namespace) => {
    expect(rootElementNamespace(xml)).toBe(namespace);
  });
});
