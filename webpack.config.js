// Builds the task pane into dist/pane/, which the gateway serves under /pane/
// (manifest.xml points Outlook at https://localhost:3000/pane/taskpane.html).
'use strict';

const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { FluentThemePlugin } = require('./scripts/fluent-theme-css.js');

const OFFICE_JS_DIST = path.resolve(__dirname, 'node_modules/@microsoft/office-js/dist');

// office.js loads its host script (outlook-*.js), locale strings and telemetry from
// its own folder at runtime, so the folder is copied, minus what a mail add-in never
// loads: debug builds, IntelliSense files, and the scripts of the other Office hosts
// (Fieldbook's manifest is a MailApp). This cuts the copy from ~86 MB to ~7.5 MB.
const OFFICE_JS_IGNORE = [
  '**/*.debug.js',
  '**/*-vsdoc.js',
  '**/*.d.ts',
  '**/{access,excel,excelios,excelwebapp,onenote,powerpoint,powerpointios,project,word,wordios}-*.js',
  '**/custom-functions-runtime.js', // Excel custom functions
  '**/html2canvas.js', // only PowerPoint on the web loads it
  '**/webauth/**', // only the Excel/Word/PowerPoint/OneNote web hosts load it
];

/** @type {import('webpack').Configuration} */
module.exports = {
  // Relative paths below resolve against the repo, whatever the caller's cwd (the build test).
  context: __dirname,
  // The pane, and the administrator's page (sites, replacements, packages).
  entry: { taskpane: './src/taskpane/main.ts', admin: './src/taskpane/admin/admin-main.ts' },
  output: {
    path: path.resolve(__dirname, 'dist/pane'),
    // Content hashes: Outlook's web views cache add-in files aggressively.
    filename: '[name].[contenthash:8].js',
    clean: true,
  },
  resolve: {
    extensions: ['.ts', '.js'],
    // Sources import with explicit .js extensions (NodeNext style for the gateway build).
    extensionAlias: { '.js': ['.ts', '.js'] },
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        loader: 'ts-loader',
        options: {
          // Type-checking is `tsc --noEmit`'s job; here it would only slow the build.
          transpileOnly: true,
          configFile: path.resolve(__dirname, 'tsconfig.json'),
          // tsconfig.json is a check-only config (noEmit); ts-loader must emit.
          compilerOptions: { noEmit: false },
        },
      },
    ],
  },
  plugins: [
    new HtmlWebpackPlugin({
      template: './src/taskpane/taskpane.html',
      filename: 'taskpane.html',
      chunks: ['taskpane'],
    }),
    new HtmlWebpackPlugin({
      template: './src/taskpane/admin.html',
      filename: 'admin.html',
      chunks: ['admin'],
    }),
    new CopyWebpackPlugin({
      patterns: [
        {
          from: OFFICE_JS_DIST,
          to: 'office/',
          globOptions: { ignore: OFFICE_JS_IGNORE },
          // Already minified by Microsoft; without this Terser spends over a minute on it.
          info: { minimized: true },
        },
        { from: 'src/taskpane/assets/', to: 'assets/' },
      ],
    }),
    // Light and dark Fluent 2 tokens for the stylesheets above (scripts/fluent-theme-css.js).
    new FluentThemePlugin({ cssDir: path.resolve(__dirname, 'src/taskpane/assets'), output: 'assets/theme.css' }),
  ],
  performance: {
    // The pane's budget: Dexie, rxjs and the package parser (fast-xml-parser) are in
    // the one bundle (~390 KiB minified, ~110 KiB gzipped). Crossing 512 KiB is a
    // warning, which the build test turns into a failure.
    maxAssetSize: 512 * 1024,
    maxEntrypointSize: 512 * 1024,
    // Judge only our own bundle: the copied office.js files are Microsoft's, loaded
    // on demand per host, and over webpack's 244 KiB hint by design.
    assetFilter: (file) => !file.startsWith('office/') && !file.endsWith('.map'),
  },
};
