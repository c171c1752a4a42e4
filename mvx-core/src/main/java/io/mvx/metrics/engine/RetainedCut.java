package io.mvx.metrics.engine;

import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last good cut, kept for a scrape that misses its deadline and for a recorder that hangs (API.md §7.1),
 * in a form that costs a few bytes per series instead of a second copy of every snapshot object.
 *
 * <p>Per-entity recorders are alike: the same metrics, names, dimensions and labels, only the numbers
 * differ. So a cut is kept as one {@link Shape} per kind of recorder (shared by every recorder of that kind
 * in the cut, and named once per run of recorders alike) and the numbers of all recorders in one
 * {@code double[]}; a value that is more than a number (a histogram, a counter with an exemplar) is kept as it is. 100,000 recorders with
 * one counter each keep about 12 bytes per series (the id's reference and the number), where the cut itself
 * holds about 180. The snapshots are rebuilt, equal to the cut's, only when they are
 * served: rarely.
 */
final class RetainedCut {

  private final String[] ids;
  /** The shapes of runs of recorders alike: run {@code r} ends before recorder {@code runEnds[r]}. */
  private final Shape[] runShapes;
  private final int[] runEnds;
  private final double[] numbers;
  /** The values kept whole, by their index in {@link #numbers}; null when the cut has none. */
  private final MetricValue[] kept;
  /** Made when first asked for (rarely): each recorder's position, shape and first number. */
  private Map<String, Integer> index;
  private Shape[] shapes;
  private int[] starts;

  private RetainedCut(String[] ids, Shape[] runShapes, int[] runEnds, double[] numbers, MetricValue[] kept) {
    this.ids = ids;
    this.runShapes = runShapes;
    this.runEnds = runEnds;
    this.numbers = numbers;
    this.kept = kept;
  }

  /** Keeps {@code cut}'s recorder snapshots; its statistics and age are not kept. */
  static RetainedCut of(RuntimeSnapshot cut) {
    Map<String, Map<String, MetricSnapshot>> recorders = cut.recorders();
    int size = recorders.size();
    String[] ids = new String[size];
    List<Shape> runShapes = new ArrayList<>();
    int[] runEnds = new int[16];
    Map<Shape, Shape> alike = new HashMap<>();
    Shape last = null;
    int count = 0;
    int i = 0;
    for (Map.Entry<String, Map<String, MetricSnapshot>> recorder : recorders.entrySet()) {
      Shape shape = Shape.of(recorder.getValue());
      Shape shared = alike.putIfAbsent(shape, shape);
      if (shared != null) {
        shape = shared;
      }
      if (shape != last) {
        if (runShapes.size() == runEnds.length) {
          runEnds = Arrays.copyOf(runEnds, runEnds.length * 2);
        }
        runShapes.add(shape);
        last = shape;
      }
      ids[i] = recorder.getKey();
      runEnds[runShapes.size() - 1] = ++i;
      count += shape.values;
    }
    double[] numbers = new double[count];
    MetricValue[] kept = null;
    int at = 0;
    for (Map<String, MetricSnapshot> metrics : recorders.values()) {
      for (MetricSnapshot snapshot : metrics.values()) {
        for (MetricValue value : snapshot.values()) {
          if (Shape.isNumber(value)) {
            numbers[at] = value.value();
          } else {
            if (kept == null) {
              kept = new MetricValue[count];
            }
            kept[at] = value;
          }
          at++;
        }
      }
    }
    return new RetainedCut(ids, runShapes.toArray(new Shape[0]), Arrays.copyOf(runEnds, runShapes.size()), numbers,
        kept);
  }

  /** The recorder's snapshots in this cut, or null when it was not in it. */
  Map<String, MetricSnapshot> recorder(String id) {
    Integer position = index().get(id);
    return position == null ? null : rebuild(position);
  }

  private synchronized Map<String, Integer> index() {
    if (index == null) {
      Map<String, Integer> byId = new HashMap<>(ids.length * 2);
      Shape[] each = new Shape[ids.length];
      int[] first = new int[ids.length];
      int run = 0;
      int count = 0;
      for (int i = 0; i < ids.length; i++) {
        if (i == runEnds[run]) {
          run++;
        }
        byId.put(ids[i], i);
        each[i] = runShapes[run];
        first[i] = count;
        count += runShapes[run].values;
      }
      shapes = each;
      starts = first;
      index = byId;
    }
    return index;
  }

  private synchronized Map<String, MetricSnapshot> rebuild(int position) {
    Shape shape = shapes[position];
    int at = starts[position];
    Map<String, MetricSnapshot> metrics = new LinkedHashMap<>(shape.metrics.length * 2);
    for (int m = 0; m < shape.metrics.length; m++) {
      MetricShape metric = shape.metrics[m];
      MetricSnapshot.Builder builder = MetricSnapshot.builder(metric.name).description(metric.description)
          .unit(metric.unit);
      for (ValueShape value : metric.values) {
        builder.add(value == null ? kept[at] : new MetricValue(value.dimension, value.kind, numbers[at], value.labels));
        at++;
      }
      metrics.put(shape.names[m], builder.build());
    }
    return metrics.size() == 1 ? Map.copyOf(metrics) : Collections.unmodifiableMap(metrics);
  }

  /** What recorders of one kind share: their metrics' names, descriptions, units, dimensions, kinds, labels. */
  private static final class Shape {
    final String[] names;
    final MetricShape[] metrics;
    final int values;
    private final int hash;

    private Shape(String[] names, MetricShape[] metrics, int values) {
      this.names = names;
      this.metrics = metrics;
      this.values = values;
      this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(metrics);
    }

    static Shape of(Map<String, MetricSnapshot> recorder) {
      String[] names = new String[recorder.size()];
      MetricShape[] metrics = new MetricShape[recorder.size()];
      int values = 0;
      int i = 0;
      for (Map.Entry<String, MetricSnapshot> metric : recorder.entrySet()) {
        names[i] = metric.getKey();
        metrics[i] = MetricShape.of(metric.getValue());
        values += metrics[i].values.length;
        i++;
      }
      return new Shape(names, metrics, values);
    }

    /** True for a value kept as its number alone: no histogram, no exemplar. */
    static boolean isNumber(MetricValue value) {
      return value.histogram().isEmpty() && value.exemplar().isEmpty();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Shape that && hash == that.hash && Arrays.equals(names, that.names)
          && Arrays.equals(metrics, that.metrics);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** One metric's snapshot without its numbers. */
  private record MetricShape(String name, String description, String unit, ValueShape[] values) {

    static MetricShape of(MetricSnapshot snapshot) {
      List<MetricValue> values = snapshot.values();
      ValueShape[] shapes = new ValueShape[values.size()];
      for (int i = 0; i < shapes.length; i++) {
        MetricValue value = values.get(i);
        shapes[i] = Shape.isNumber(value) ? new ValueShape(value.dimension(), value.kind(), value.labels()) : null;
      }
      return new MetricShape(snapshot.name(), snapshot.description(), snapshot.unit(), shapes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MetricShape that && name.equals(that.name) && description.equals(that.description)
          && unit.equals(that.unit) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, description, unit, Arrays.hashCode(values));
    }
  }

  /** A number's dimension, kind and labels; null in a {@link MetricShape} for a value kept whole. */
  private record ValueShape(String dimension, ValueKind kind, Map<String, String> labels) {}
}
