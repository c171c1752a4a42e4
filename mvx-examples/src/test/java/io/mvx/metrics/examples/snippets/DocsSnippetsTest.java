package io.mvx.metrics.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of README.md and docs/*.md is a tagged region of a compiled source file
 * ({@code // tag::name[]} ... {@code // end::name[]}; the regions of one name in one file are joined in
 * order), equal line for line once indentation and blank lines are set aside. The regions may live in any
 * module's {@code src/main/java} or {@code src/test/java}, so each module can keep the snippets of its page.
 */
class DocsSnippetsTest {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("^\\s*// (tag|end)::([A-Za-z0-9_.-]+)\\[]\\s*$");

  private static final Path ROOT = repositoryRoot();

  @Test
  void everyJavaBlockOfTheDocs_isATaggedRegionOfACompiledSource() throws IOException {
    Map<String, String> regions = regions();
    List<String> unmatched = new ArrayList<>();
    for (Map.Entry<Path, List<String>> page : javaBlocks().entrySet()) {
      for (String block : page.getValue()) {
        if (!regions.containsValue(normalise(block))) {
          unmatched.add(ROOT.relativize(page.getKey()) + ":\n" + block);
        }
      }
    }
    assertThat(unmatched).as("java blocks that quote no tagged region (update the snippet or the page)").isEmpty();
  }

  @Test
  void everyTaggedRegion_isQuotedByAPage() throws IOException {
    List<String> quoted = javaBlocks().values().stream().flatMap(List::stream)
        .map(DocsSnippetsTest::normalise).collect(Collectors.toList());
    List<String> unquoted = regions().entrySet().stream()
        .filter(region -> !quoted.contains(region.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toList());
    assertThat(unquoted).as("tagged regions no page quotes (remove the tag or quote it)").isEmpty();
  }

  @Test
  void theReadme_quotesTheQuickStart_andStaysAFrontDoor() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    // 210 until the Exemplars section (#23), which says the essentials and leaves the rest to docs/exporting.md
    assertThat(readme.lines().count()).as("README.md lines").isLessThanOrEqualTo(218);
    assertThat(readme).contains("mvn -q -B -DskipTests install && java -jar mvx-examples/target/mvx-demo.jar",
        "mvn -B verify", "docs/prometheus.md", "docs/micrometer.md", "docs/opentelemetry.md",
        "docs/spring-boot.md", "docs/runtime.md");
    assertThat(javaBlocks().get(ROOT.resolve("README.md")))
        .anySatisfy(block -> assertThat(block).contains("public final class QuickStart"));
  }

  /** Region name (file-qualified) to its normalised text. */
  private static Map<String, String> regions() throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    for (Path source : sources()) {
      Map<String, StringBuilder> inFile = new LinkedHashMap<>();
      List<String> open = new ArrayList<>();
      for (String line : Files.readAllLines(source)) {
        Matcher marker = MARKER.matcher(line);
        if (marker.matches()) {
          if (marker.group(1).equals("tag")) {
            open.add(marker.group(2));
            inFile.computeIfAbsent(marker.group(2), name -> new StringBuilder());
          } else {
            assertThat(open).as(source + ": end::" + marker.group(2) + " without its tag").contains(marker.group(2));
            open.remove(marker.group(2));
          }
          continue;
        }
        for (String name : open) {
          inFile.get(name).append(line).append('\n');
        }
      }
      assertThat(open).as(source + ": tags never ended").isEmpty();
      inFile.forEach((name, text) -> regions.put(ROOT.relativize(source) + "#" + name, normalise(text.toString())));
    }
    return regions;
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> modules = Files.walk(ROOT, 2)) { // modules and nested modules (mvx-examples/spring-boot)
      List<Path> sources = new ArrayList<>();
      for (Path module : modules.filter(Files::isDirectory).sorted().collect(Collectors.toList())) {
        for (String root : List.of("src/main/java", "src/test/java")) {
          Path dir = module.resolve(root);
          if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
              files.filter(file -> file.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
          }
        }
      }
      return sources;
    }
  }

  /** README.md and docs/*.md, each with its java blocks in order. */
  private static Map<Path, List<String>> javaBlocks() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    Map<Path, List<String>> blocks = new LinkedHashMap<>();
    for (Path page : pages) {
      List<String> found = new ArrayList<>();
      Matcher matcher = JAVA_BLOCK.matcher(Files.readString(page));
      while (matcher.find()) {
        found.add(matcher.group(1));
      }
      blocks.put(page, found);
    }
    return blocks;
  }

  /** Strips each line's indentation and trailing space and drops blank lines. */
  static String normalise(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvx-bom"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new UncheckedIOException(new IOException("no repository root above " + Path.of("").toAbsolutePath()));
    }
    return dir;
  }
}
