/**
 * The Java snippets of README.md and docs/*.md: every {@code java} block there is a tagged region
 * ({@code // tag::name[]} ... {@code // end::name[]}) of a source file that the build compiles and a test runs;
 * {@code DocsSnippetsTest} fails when a block and its region differ.
 */
package io.mvx.metrics.examples.snippets;
