import { z } from 'zod';
import type { SerializedDockview } from 'dockview-react';
import { describeIssues, issuesOf } from '../../src-shared/ipc/protocol';

// Main stores layouts as opaque JSON. Before one is handed to the docking library it is checked
// here: a layout written by another version, edited by hand or cut short must fall back to
// the default layout with a reason, not leave a half-built workspace.

const groupSchema = z
  .object({
    id: z.string().min(1),
    views: z.array(z.string().min(1)),
    activeView: z.string().optional(),
  })
  .loose();

interface LeafNode {
  type: 'leaf';
  data: z.infer<typeof groupSchema>;
}
interface BranchNode {
  type: 'branch';
  data: GridNode[];
}
type GridNode = LeafNode | BranchNode;

const nodeSchema: z.ZodType<GridNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('leaf'), data: groupSchema }).loose(),
    z.object({ type: z.literal('branch'), data: z.array(nodeSchema) }).loose(),
  ]),
);

const panelSchema = z.object({ id: z.string().min(1), contentComponent: z.string().min(1) }).loose();

const layoutShapeSchema = z
  .object({
    grid: z
      .object({
        root: nodeSchema,
        width: z.number().nonnegative(),
        height: z.number().nonnegative(),
        orientation: z.enum(['HORIZONTAL', 'VERTICAL']),
      })
      .loose(),
    panels: z.record(z.string(), panelSchema),
    activeGroup: z.string().optional(),
    floatingGroups: z.array(z.object({ data: groupSchema }).loose()).optional(),
    // Panels in their own OS windows are not offered (the desktop app blocks new windows).
    popoutGroups: z.array(z.unknown()).max(0, 'popout windows are not supported').optional(),
  })
  .loose();

export type LayoutCheck = { ok: true; layout: SerializedDockview } | { ok: false; reason: string };

/** Whether `layout` can be restored with the panels this build knows (`isKnownPanel`). */
export function checkLayout(layout: unknown, isKnownPanel: (component: string) => boolean): LayoutCheck {
  const shape = layoutShapeSchema.safeParse(layout);
  if (!shape.success) return { ok: false, reason: `not a workspace layout (${describeIssues(issuesOf(shape.error))})` };
  const { grid, panels, floatingGroups = [] } = shape.data;

  for (const [key, panel] of Object.entries(panels)) {
    if (panel.id !== key) return { ok: false, reason: `panel '${key}' is stored under another id ('${panel.id}')` };
    if (!isKnownPanel(panel.contentComponent)) return { ok: false, reason: `panel '${key}' shows an unknown screen '${panel.contentComponent}'` };
  }

  const groups = [...leafGroups(grid.root), ...floatingGroups.map((floating) => floating.data)];
  const placed = new Set<string>();
  for (const group of groups) {
    for (const view of group.views) {
      if (!Object.hasOwn(panels, view)) return { ok: false, reason: `group '${group.id}' shows a panel '${view}' that is not in the layout` };
      if (placed.has(view)) return { ok: false, reason: `panel '${view}' is placed twice` };
      placed.add(view);
    }
    if (group.activeView !== undefined && !group.views.includes(group.activeView)) {
      return { ok: false, reason: `group '${group.id}' has an active panel it does not show` };
    }
  }
  const unplaced = Object.keys(panels).filter((id) => !placed.has(id));
  if (unplaced.length > 0) return { ok: false, reason: `panels not placed in any group: ${unplaced.join(', ')}` };

  return { ok: true, layout: layout as SerializedDockview };
}

function leafGroups(node: GridNode): z.infer<typeof groupSchema>[] {
  return node.type === 'leaf' ? [node.data] : node.data.flatMap(leafGroups);
}

