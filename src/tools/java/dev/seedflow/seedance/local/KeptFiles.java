package dev.seedflow.seedance.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files behind the Camunda document references in a process's variables, as the local folder
 * store wrote them.
 */
final class KeptFiles {
  private KeptFiles() {}

  /**
   * Each document of {@code store} referenced anywhere in {@code value} (maps and lists are
   * searched), in order.
   */
  static List<Path> in(Object value, FolderDocumentStore store) {
    List<Path> files = new ArrayList<>();
    collect(value, store, files);
    return files;
  }

  private static void collect(Object value, FolderDocumentStore store, List<Path> files) {
    if (value instanceof Map<?, ?> map) {
      if ("camunda".equals(map.get("camunda.document.type"))
          && FolderDocumentStore.STORE_ID.equals(map.get("storeId"))
          && map.get("documentId") instanceof String id) {
        files.add(store.pathOf(id));
        return;
      }
      map.values().forEach(inner -> collect(inner, store, files));
    } else if (value instanceof List<?> list) {
      list.forEach(inner -> collect(inner, store, files));
    }
  }
}
