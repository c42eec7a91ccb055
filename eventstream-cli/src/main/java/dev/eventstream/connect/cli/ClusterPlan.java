package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.plan.Plan;
import dev.eventstream.connect.control.plan.Planner;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.Renderer;

/** The files rendered, the live cluster read, and the plan between them: what plan prints and apply carries out. */
record ClusterPlan(ControlPlane plane, RenderResult rendered, ConnectClient connect, Plan plan) {

    static ClusterPlan of(CommonOptions common, ClusterOptions cluster, boolean prune) {
        ControlPlane plane = common.load();
        RenderResult rendered = new Renderer().render(plane);
        ConnectClient connect = cluster.connect(plane);
        Plan plan = new Planner().plan(rendered, connect.connectors(), prune);
        return new ClusterPlan(plane, rendered, connect, plan);
    }
}
