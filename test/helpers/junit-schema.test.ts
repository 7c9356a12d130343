import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitSchemaProblems } from './junit-schema.js';

const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml);

describe('junitSchemaProblems', () => {
  it('accepts a well-formed JUnit report', () => {
    expect(
      junitSchemaProblems(
        parse(
          '<?xml version="1.0"?><testsuites tests="1"><testsuite name="s" tests="1" failures="1" time="0.1"><testcase name="c" classname="k"><failure message="m">detail</failure></testcase></testsuite></testsuites>',
        ),
      ),
    ).toEqual([]);
  });

  it('names unknown elements, attributes, missing names and bad counts', () => {
    const problems = junitSchemaProblems(
      parse('<testsuites><testsuite tests="x"><testcase colour="red"><oops/></testcase></testsuite></testsuites>'),
    );
    expect(problems.sort()).toEqual(
      [
        'testsuites/testsuite@tests: not a whole number',
        'testsuites/testsuite/testcase: attribute colour is not allowed on <testcase>',
        'testsuites/testsuite/testcase: <oops> may not appear inside <testcase>',
        'testsuites/testsuite/testcase: <testcase> needs the name attribute',
        'testsuites/testsuite: <testsuite> needs the name attribute',
      ].sort(),
    );
  });
});
