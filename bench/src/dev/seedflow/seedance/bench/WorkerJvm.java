package dev.seedflow.seedance.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The standalone worker jar in a JVM of its own, started as users start it ({@code java -jar},
 * settings and secrets in the environment), and watched as any JVM in production is: through JMX,
 * by attaching to it. Nothing of the benchmark runs inside it. The JMX agent adds a few threads of
 * its own (RMI), counted in the totals.
 */
final class WorkerJvm implements AutoCloseable {
  /**
   * Heap in use after a full GC, and threads: all of the JVM's, Seedflow's own, and the most there
   * ever were.
   */
  record Sample(long heapBytes, int threads, int seedflowThreads, int peakThreads) {
    long heapMb() {
      return heapBytes / (1024 * 1024);
    }
  }

  private final Process process;
  private final JMXConnector jmx;
  private final MBeanServerConnection beans;

  private WorkerJvm(Process process, JMXConnector jmx) throws IOException {
    this.process = process;
    this.jmx = jmx;
    this.beans = jmx.getMBeanServerConnection();
  }

  static WorkerJvm start(Path jar, String maxHeap, Map<String, String> environment, Path log)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-Xmx" + maxHeap, "-jar", jar.toAbsolutePath().toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      return new WorkerJvm(
          process, JMXConnectorFactory.connect(new JMXServiceURL(agentOf(process))));
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Attaches to the JVM once it takes attachments, and starts its local JMX agent; its address. */
  private static String agentOf(Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (!process.isAlive())
        throw new IOException(
            "the worker JVM ended at start (exit code " + process.exitValue() + ")");
      try {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
        try {
          return vm.startLocalManagementAgent();
        } finally {
          vm.detach();
        }
      } catch (Exception notYet) {
        if (System.nanoTime() > deadline) throw notYet;
        Thread.sleep(200);
      }
    }
  }

  /** Threads now, without a GC: cheap enough to ask every half second. */
  Sample threads() throws IOException {
    ThreadMXBean threads =
        ManagementFactory.newPlatformMXBeanProxy(
            beans, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
    long ours =
        Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
            .filter(Objects::nonNull)
            .map(ThreadInfo::getThreadName)
            .filter(name -> name.startsWith("seedflow-"))
            .count();
    return new Sample(-1, threads.getThreadCount(), (int) ours, threads.getPeakThreadCount());
  }

  /** A full GC, then the heap in use and the threads. */
  Sample measure() throws IOException {
    MemoryMXBean memory =
        ManagementFactory.newPlatformMXBeanProxy(
            beans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    memory.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    Sample threads = threads();
    return new Sample(heap, threads.threads(), threads.seedflowThreads(), threads.peakThreads());
  }

  /**
   * The classes holding the most heap (after the full GC the histogram forces), as {@code jcmd
   * GC.class_histogram} prints them.
   */
  List<String> heapHistogram(int top) throws Exception {
    String histogram =
        (String)
            beans.invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()});
    List<String> rows = new ArrayList<>();
    for (String line : histogram.split("\n")) {
      if (line.strip().matches("\\d+:.*") && rows.size() < top) rows.add(line.strip());
    }
    return rows;
  }

  /**
   * CPU time spent so far by each group of the JVM's threads (a pool's threads share a name but for
   * their number), most first: where the worker's time goes.
   */
  Map<String, Double> cpuSecondsByThreadGroup() throws IOException {
    ThreadMXBean threads =
        ManagementFactory.newPlatformMXBeanProxy(
            beans, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
    Map<String, Double> seconds = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long nanos = threads.getThreadCpuTime(id);
      if (info == null || nanos < 0) continue;
      seconds.merge(
          info.getThreadName().replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-", "-N-"),
          nanos / 1e9,
          Double::sum);
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    seconds.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(group -> sorted.put(group.getKey(), group.getValue()));
    return sorted;
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Stops it as a service manager would (SIGTERM: the worker's shutdown hook runs), then for good
   * after 30 s.
   */
  @Override
  public void close() throws Exception {
    try {
      jmx.close();
    } catch (IOException gone) {
      // the JVM may have ended already
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
