package io.mvx.metrics.otel;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;

/**
 * One histogram metric of a {@link HistogramProducer} collection. The SDK offers public factories for points
 * and data but only an internal one for {@link MetricData}, so the adapter implements the interface itself
 * rather than depend on the SDK's internals; the typed accessors ({@code getHistogramData()}, ...) are the
 * interface's defaults, which read {@link #getData()} by {@link #getType()}.
 */
record ProducedMetricData(Resource resource, InstrumentationScopeInfo scope, String name, String description,
    String unit, MetricDataType type, Data<?> data) implements MetricData {

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public String getUnit() {
    return unit;
  }

  @Override
  public MetricDataType getType() {
    return type;
  }

  @Override
  public Data<?> getData() {
    return data;
  }
}
