// The "postgres" Jest project (jest.config.js): every test gateway of the suites it runs
// starts on PostgreSQL (test-gateway.ts reads this), so each suite runs on both engines.
process.env['FIELDBOOK_TEST_ENGINE'] = 'postgres';
