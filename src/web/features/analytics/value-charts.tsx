import { useComputedColorScheme } from '@mantine/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Mounts one ECharts instance for `option`, resized with the window and disposed on change. */
function useChart(option: echarts.EChartsCoreOption) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    chart.setOption({ backgroundColor: 'transparent', animationDuration: 300, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resize);
    observer?.observe(ref.current);
    return () => {
      window.removeEventListener('resize', resize);
      observer?.disconnect();
      chart.dispose();
    };
  }, [option, scheme]);
  return ref;
}

/** Customers per band of 12-month CLV (loaded with the dashboard only: ECharts is not in the main bundle). */
export function ClvHistogram({
  labels,
  values,
  label,
  seriesName,
  height = 260,
}: {
  labels: string[];
  values: number[];
  label: string;
  seriesName: string;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: seriesName, data: values, itemStyle: { color: '#12b886' }, barMaxWidth: 40 },
      ],
    }),
    [labels, values, seriesName],
  );
  const ref = useChart(option);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

/**
 * The revenue concentration curve: share of revenue against the share of customers (most revenue first),
 * with the diagonal of an equal share for comparison.
 */
export function ConcentrationChart({
  points,
  label,
  names,
  format,
  height = 260,
}: {
  points: { customers: number; revenue: number }[];
  label: string;
  names: { curve: string; equal: string; x: string; y: string };
  format: (share: number) => string;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => format(v),
        axisPointer: { type: 'line' },
      },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 28, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: names.x,
        nameLocation: 'middle',
        nameGap: 26,
        axisLabel: { formatter: (v: number) => format(v) },
      },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => format(v) } },
      series: [
        {
          type: 'line',
          name: names.curve,
          data: points.map((p) => [p.customers, p.revenue]),
          showSymbol: points.length <= 30,
          smooth: false,
          areaStyle: { opacity: 0.12 },
          itemStyle: { color: '#4c6ef5' },
        },
        {
          type: 'line',
          name: names.equal,
          data: [
            [0, 0],
            [1, 1],
          ],
          showSymbol: false,
          lineStyle: { type: 'dashed', width: 1 },
          itemStyle: { color: '#868e96' },
          tooltip: { show: false },
        },
      ],
    }),
    [points, names, format],
  );
  const ref = useChart(option);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
