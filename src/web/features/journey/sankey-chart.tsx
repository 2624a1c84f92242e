import { useComputedColorScheme } from '@mantine/core';
import { SankeyChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([SankeyChart, TooltipComponent, SVGRenderer]);

export type SankeyNode = { name: string; label: string; color: string };
export type SankeyLink = { source: string; target: string; value: number };

/** An ECharts Sankey diagram (loaded with the journey page only: ECharts is not in the main bundle). */
export function SankeyDiagram({
  nodes,
  links,
  label,
  height = 420,
}: {
  nodes: SankeyNode[];
  links: SankeyLink[];
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    const byName = new Map(nodes.map((n) => [n.name, n]));
    chart.setOption({
      backgroundColor: 'transparent',
      animationDuration: 400,
      tooltip: { trigger: 'item', triggerOn: 'mousemove' },
      series: [
        {
          type: 'sankey',
          data: nodes.map((n) => ({ name: n.name, itemStyle: { color: n.color } })),
          links,
          // Sinks (purchase) in the last column; steps fall into columns by their place in the paths.
          nodeAlign: 'justify',
          left: 8,
          right: 160,
          nodeGap: 12,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
          label: { formatter: (p: { name: string }) => byName.get(p.name)?.label ?? p.name },
          tooltip: {
            formatter: (p: { dataType: string; name: string; value: number; data: SankeyLink }) =>
              p.dataType === 'edge'
                ? `${byName.get(p.data.source)?.label} → ${byName.get(p.data.target)?.label}: ${p.value}`
                : `${byName.get(p.name)?.label}: ${p.value}`,
          },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [nodes, links, scheme]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
