package org.halo.compute;

/**
 * Marks a capability (see {@link Backend#capability}) whose work repays a GPU's start-up even when it is the only thing
 * a process does, such as the geographic-miss Monte Carlo: {@code --device auto} opens a GPU for it. Capabilities
 * without the mark run on the Java path under {@code auto} unless a GPU is already open.
 */
public interface DeviceWorthy {}
