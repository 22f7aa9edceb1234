package dev.seedflow.seedance.local;

import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.api.document.DocumentLinkParameters;
import io.camunda.connector.api.document.DocumentReference.CamundaDocumentReference;
import io.camunda.connector.runtime.core.document.CamundaDocumentReferenceImpl;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.DocumentMetadataImpl;
import io.camunda.connector.runtime.core.document.store.CamundaDocumentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local runtime's document store: the embedded engine has no documents API (documents are a
 * REST feature of the cluster), so the connectors runtime and the worker keep documents in a folder
 * instead, one folder per document holding the file under its own name. References are the
 * runtime's own classes, so they look exactly like the platform's; the content hash is the SHA-256
 * of the bytes.
 */
public final class FolderDocumentStore implements CamundaDocumentStore {
  public static final String STORE_ID = "local-folder";

  private final Path root;

  public FolderDocumentStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A document factory on a folder, for a worker in a JVM of its own (a replica, a benchmark). */
  public static DocumentFactory factory(Path root) {
    return new DocumentFactoryImpl(new FolderDocumentStore(root));
  }

  public Path root() {
    return root;
  }

  @Override
  public CamundaDocumentReference createDocument(DocumentCreationRequest request) {
    String documentId = UUID.randomUUID().toString();
    Path folder = root.resolve(documentId);
    String fileName =
        request.fileName() == null
            ? "document"
            : Path.of(request.fileName()).getFileName().toString();
    try {
      Files.createDirectories(folder);
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      long size;
      try (InputStream in = new DigestInputStream(request.content(), sha256);
          OutputStream out = Files.newOutputStream(folder.resolve(fileName))) {
        size = in.transferTo(out);
      }
      OffsetDateTime expiresAt =
          request.timeToLive() == null
              ? null
              : OffsetDateTime.now(ZoneOffset.UTC).plus(request.timeToLive());
      return new CamundaDocumentReferenceImpl(
          STORE_ID,
          documentId,
          HexFormat.of().formatHex(sha256.digest()),
          new DocumentMetadataImpl(
              request.contentType(),
              expiresAt,
              size,
              fileName,
              request.processDefinitionId(),
              request.processInstanceKey(),
              request.customProperties()));
    } catch (IOException e) {
      delete(folder);
      throw new UncheckedIOException(
          "the local document store could not write " + folder + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file a document of this store was written to. */
  public Path pathOf(String documentId) {
    Path folder = root.resolve(documentId).normalize();
    if (!folder.getParent().equals(root))
      throw new IllegalArgumentException("not a document id of this store: " + documentId);
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("document " + documentId + " has no file"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream getDocumentContent(CamundaDocumentReference reference) {
    try {
      return Files.newInputStream(pathOf(reference.getDocumentId()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteDocument(CamundaDocumentReference reference) {
    delete(root.resolve(reference.getDocumentId()));
  }

  @Override
  public String generateLink(
      CamundaDocumentReference reference, DocumentLinkParameters parameters) {
    return pathOf(reference.getDocumentId()).toUri().toString();
  }

  private static void delete(Path folder) {
    if (!Files.exists(folder)) return;
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
