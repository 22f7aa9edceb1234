package dev.seedflow.seedance.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.model.WorkerVariables;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutResponse;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job source standing in for the Zeebe gateway, for the capacity benchmark only: a gRPC server
 * that answers the calls a job worker makes (ActivateJobs with long polling, CompleteJob, FailJob,
 * ThrowError, SetVariables, UpdateJobTimeout) from the gateway protocol classes camunda-client-java
 * ships, for N copies of one real generate job. It keeps the job states Zeebe keeps (a job times
 * out and is handed out again; a job completed is gone, and what is sent to it is refused with
 * NOT_FOUND, as Zeebe refuses it), and records everything the worker did. The embedded engine
 * cannot go past a few thousand instances (see bench/results.md); this stands in for a cluster that
 * can, so what is measured is the worker.
 */
public final class StandInGateway extends GatewayGrpc.GatewayImplBase implements AutoCloseable {
  /**
   * Zeebe's first key on partition 1; each job takes three keys: its process instance, its element
   * instance, itself.
   */
  private static final long FIRST_KEY = 2251799813685248L;

  /**
   * How long an activation that finds nothing waits for jobs when the worker does not say: the
   * gateway's default.
   */
  private static final long DEFAULT_LONG_POLL_MILLIS = 10_000;

  private static final int JOBS_PER_RESPONSE = 100;
  private static final ObjectMapper JSON = Json.mapper();

  private final JobSample sample;
  private final StandInJob[] jobs;
  private final CallCounter calls = new CallCounter();
  private final Server server;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "stand-in-gateway-ticker");
            thread.setDaemon(true);
            return thread;
          });
  private final List<LongPoll> longPolls = new ArrayList<>();

  /** Jobs handed back (timed out, or failed with retries left), by when they may go out again. */
  private final PriorityQueue<StandInJob> returned =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadlineMillis, b.deadlineMillis));

  private final AtomicLong nextVariableKey = new AtomicLong(FIRST_KEY + 3L * Integer.MAX_VALUE);
  private int neverActivated;
  private boolean open;
  private long sweptAt;
  private int completedOnce,
      completedWithVideo,
      failed,
      errorsThrown,
      withTaskId,
      taskIdReplaced,
      activatedAgain;
  private long refused;

  private record LongPoll(
      ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> answer, long expiresAt) {}

  private StandInGateway(JobSample sample, int count) throws IOException {
    this.sample = sample;
    this.jobs = new StandInJob[count];
    for (int i = 0; i < count; i++) jobs[i] = new StandInJob(i, sample.retries());
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(ServerInterceptors.intercept(this, calls))
            .build()
            .start();
    ticker.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts on a free loopback port with {@code count} jobs made from the sample, held until {@link
   * #open()}.
   */
  public static StandInGateway start(JobSample sample, int count) {
    try {
      return new StandInGateway(sample, count);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the stand-in gateway", e);
    }
  }

  /** The address to give a Camunda client as its gRPC address. */
  public String address() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** From now on, the jobs go out to whoever asks, as fast as they ask. */
  public synchronized void open() {
    open = true;
  }

  /** Whether the worker has asked for jobs at least once: it is up and polling. */
  public boolean polled() {
    return calls.count("ActivateJobs") > 0;
  }

  public synchronized GatewayRecord record() {
    return new GatewayRecord(
        jobs.length,
        completedOnce,
        completedWithVideo,
        failed,
        errorsThrown,
        withTaskId,
        taskIdReplaced,
        activatedAgain,
        refused,
        calls.snapshot());
  }

  @Override
  public void activateJobs(
      ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> answer) {
    long wait =
        request.getRequestTimeout() > 0 ? request.getRequestTimeout() : DEFAULT_LONG_POLL_MILLIS;
    synchronized (this) {
      if (!serve(request, answer))
        longPolls.add(new LongPoll(request, answer, System.currentTimeMillis() + wait));
    }
  }

  @Override
  public synchronized void completeJob(
      CompleteJobRequest request, StreamObserver<CompleteJobResponse> answer) {
    StandInJob job = openJob(request.getJobKey(), "complete", answer);
    if (job == null) return;
    job.state = StandInJob.State.COMPLETED;
    completedOnce++; // a second complete never gets here: the job is gone
    if (carriesVideo(request.getVariables())) completedWithVideo++;
    job.elementVariables.clear(); // the element instance is gone with its variables
    answer.onNext(CompleteJobResponse.getDefaultInstance());
    answer.onCompleted();
  }

  @Override
  public synchronized void failJob(FailJobRequest request, StreamObserver<FailJobResponse> answer) {
    StandInJob job = openJob(request.getJobKey(), "fail", answer);
    if (job == null) return;
    job.retries = request.getRetries();
    if (job.retries > 0) {
      job.state = StandInJob.State.ACTIVATABLE;
      job.deadlineMillis = System.currentTimeMillis() + request.getRetryBackOff();
      returned.add(job);
    } else {
      job.state = StandInJob.State.FAILED; // an incident
      failed++;
    }
    answer.onNext(FailJobResponse.getDefaultInstance());
    answer.onCompleted();
  }

  @Override
  public synchronized void throwError(
      ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> answer) {
    StandInJob job = openJob(request.getJobKey(), "throw an error for", answer);
    if (job == null) return;
    job.state = StandInJob.State.ERROR_THROWN;
    errorsThrown++;
    answer.onNext(ThrowErrorResponse.getDefaultInstance());
    answer.onCompleted();
  }

  @Override
  public synchronized void updateJobTimeout(
      UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> answer) {
    StandInJob job = openJob(request.getJobKey(), "update the deadline of", answer);
    if (job == null) return;
    if (job.state != StandInJob.State.ACTIVATED) {
      refuse(
          answer,
          Status.FAILED_PRECONDITION,
          "Command 'UPDATE_TIMEOUT' rejected with code 'INVALID_STATE': Expected to update the "
              + "timeout of job with key '"
              + request.getJobKey()
              + "', but it is not active");
      return;
    }
    job.deadlineMillis = System.currentTimeMillis() + request.getTimeout();
    answer.onNext(UpdateJobTimeoutResponse.getDefaultInstance());
    answer.onCompleted();
  }

  @Override
  public synchronized void setVariables(
      SetVariablesRequest request, StreamObserver<SetVariablesResponse> answer) {
    StandInJob job = job(request.getElementInstanceKey(), 1);
    if (job == null || !job.open()) {
      refuse(
          answer,
          Status.NOT_FOUND,
          "Command 'UPDATE' rejected with code 'NOT_FOUND': Expected to update variables for"
              + " element with key '"
              + request.getElementInstanceKey()
              + "', but no such element was found");
      return;
    }
    JsonNode variables;
    try {
      variables = JSON.readTree(request.getVariables());
    } catch (IOException e) {
      refuse(
          answer,
          Status.INVALID_ARGUMENT,
          "Expected to set variables from a JSON document, but: " + e.getMessage());
      return;
    }
    variables
        .properties()
        .forEach(
            variable -> {
              if (variable.getKey().equals(WorkerVariables.TASK_ID)) {
                JsonNode before = job.elementVariables.get(WorkerVariables.TASK_ID);
                if (before == null) withTaskId++;
                else if (!before.equals(variable.getValue())) taskIdReplaced++;
              }
              job.elementVariables.put(variable.getKey(), variable.getValue());
            });
    answer.onNext(
        SetVariablesResponse.newBuilder().setKey(nextVariableKey.incrementAndGet()).build());
    answer.onCompleted();
  }

  /**
   * Serves what it can of one activation; false when there was nothing to hand out (the call then
   * waits).
   */
  private boolean serve(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> answer) {
    if (!request.getType().equals(sample.type()))
      return false; // no jobs of another type here: it waits, as for any type with none
    long now = System.currentTimeMillis();
    List<ActivatedJob> batch = new ArrayList<>();
    while (open && batch.size() < request.getMaxJobsToActivate()) {
      StandInJob job = nextActivatable(now);
      if (job == null) break;
      if (job.activations++ == 1) activatedAgain++;
      job.state = StandInJob.State.ACTIVATED;
      job.deadlineMillis = now + request.getTimeout();
      batch.add(activated(job, request));
    }
    if (batch.isEmpty()) return false;
    for (int from = 0; from < batch.size(); from += JOBS_PER_RESPONSE) {
      answer.onNext(
          ActivateJobsResponse.newBuilder()
              .addAllJobs(batch.subList(from, Math.min(batch.size(), from + JOBS_PER_RESPONSE)))
              .build());
    }
    answer.onCompleted();
    return true;
  }

  private StandInJob nextActivatable(long now) {
    for (StandInJob back = returned.peek();
        back != null && back.deadlineMillis <= now;
        back = returned.peek()) {
      returned.poll();
      if (back.state == StandInJob.State.ACTIVATABLE)
        return back; // else ended since it timed out (a late complete is allowed)
    }
    return neverActivated < jobs.length ? jobs[neverActivated++] : null;
  }

  private ActivatedJob activated(StandInJob job, ActivateJobsRequest request) {
    ObjectNode variables = sample.variables().deepCopy();
    ((ObjectNode) variables.get("video"))
        .put(
            "prompt",
            "Clip " + (job.index + 1) + " of the spring campaign: a sunrise over the harbour");
    job.elementVariables.forEach(variables::set);
    if (request.getFetchVariableCount() > 0) variables.retain(request.getFetchVariableList());
    long base = FIRST_KEY + 3L * job.index;
    return ActivatedJob.newBuilder()
        .setKey(base + 2)
        .setType(sample.type())
        .setProcessInstanceKey(base)
        .setBpmnProcessId(sample.bpmnProcessId())
        .setProcessDefinitionVersion(1)
        .setProcessDefinitionKey(sample.processDefinitionKey())
        .setElementId(sample.elementId())
        .setElementInstanceKey(base + 1)
        .setCustomHeaders(sample.customHeaders())
        .setWorker(request.getWorker())
        .setRetries(job.retries)
        .setDeadline(job.deadlineMillis)
        .setVariables(variables.toString())
        .setTenantId("<default>")
        .setKind(ActivatedJob.JobKind.BPMN_ELEMENT)
        .build();
  }

  /**
   * The job behind a key, or null; {@code offset} is 2 for a job key, 1 for its element instance's
   * key.
   */
  private StandInJob job(long key, int offset) {
    long relative = key - FIRST_KEY - offset;
    if (relative < 0 || relative % 3 != 0 || relative / 3 >= jobs.length) return null;
    return jobs[(int) (relative / 3)];
  }

  /**
   * The job to end, or null after refusing the command as Zeebe does: NOT_FOUND once it is gone,
   * INVALID_STATE after an incident.
   */
  private StandInJob openJob(long key, String what, StreamObserver<?> answer) {
    StandInJob job = job(key, 2);
    if (job == null
        || job.state == StandInJob.State.COMPLETED
        || job.state == StandInJob.State.ERROR_THROWN) {
      refuse(
          answer,
          Status.NOT_FOUND,
          "Expected to " + what + " job with key '" + key + "', but no such job was found");
      return null;
    }
    if (job.state == StandInJob.State.FAILED) {
      refuse(
          answer,
          Status.FAILED_PRECONDITION,
          "Expected to " + what + " job with key '" + key + "', but it is in state 'FAILED'");
      return null;
    }
    return job;
  }

  private void refuse(StreamObserver<?> answer, Status status, String message) {
    refused++;
    answer.onError(status.withDescription(message).asRuntimeException());
  }

  private static boolean carriesVideo(String completionVariables) {
    try {
      for (JsonNode result : JSON.readTree(completionVariables)) {
        if (result.path("videoUrl").isTextual() && !result.path("videoUrl").asText().isBlank())
          return true;
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Every 50 ms: answers long polls that found jobs, and ends those that waited long enough; every
   * second, times out the jobs whose deadline passed (a pass over all of them).
   */
  private synchronized void tick() {
    long now = System.currentTimeMillis();
    if (open && now - sweptAt >= 1000) {
      sweptAt = now;
      for (StandInJob job : jobs) {
        if (job.state == StandInJob.State.ACTIVATED && job.deadlineMillis <= now) {
          job.state = StandInJob.State.ACTIVATABLE;
          returned.add(job);
        }
      }
    }
    for (Iterator<LongPoll> polls = longPolls.iterator(); polls.hasNext(); ) {
      LongPoll poll = polls.next();
      if (serve(poll.request(), poll.answer())) {
        polls.remove();
      } else if (poll.expiresAt() <= now) {
        poll.answer().onNext(ActivateJobsResponse.getDefaultInstance());
        poll.answer().onCompleted();
        polls.remove();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }
}
