package dev.seedflow.seedance.simulator;

import java.util.concurrent.CountDownLatch;

/** {@code ./seedance simulator [PORT] [TIME-SCALE]}: runs the simulator until Ctrl-C. */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    SeedanceSimulator simulator =
        SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(scale), port);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  done.countDown();
                }));
    System.out.printf(
        """
        Seedance simulator listening on %s (time scale %.1fx)
          provider.baseUrl = %s   (any provider.type; any non-empty API key)
          steer a task from its prompt: [sim:fail=CODE] [sim:stuck] [sim:expire] [sim:queue=SECONDS] [sim:run=SECONDS]
        Ctrl-C stops it.
        """,
        simulator.baseUrl(), scale, simulator.baseUrl());
    done.await();
  }
}
