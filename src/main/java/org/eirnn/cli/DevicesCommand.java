package org.eirnn.cli;

/** Lists compute devices. */
final class DevicesCommand implements Command {
    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "list OpenCL platforms/devices and the CPU engine";
    }

    @Override
    public int run(String[] args) {
        System.out.println("cpu: " + new org.eirnn.engine.cpu.CpuEngine().description());
        return Main.EXIT_OK;
    }
}
