package de.meldeweg.console.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The department directory as the editor's form holds it (bound from the request, so with
 * setters): departments and the ten categories, each keyword list as text, one keyword a line.
 */
public class DirectoryForm {

    private List<Department> departments = new ArrayList<>();
    private List<Category> categories = new ArrayList<>();
    private String message = "";

    public List<Department> getDepartments() {
        return departments;
    }

    public void setDepartments(List<Department> departments) {
        this.departments = departments;
    }

    public List<Category> getCategories() {
        return categories;
    }

    public void setCategories(List<Category> categories) {
        this.categories = categories;
    }

    /** The text of the "test a message" box; never stored. */
    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message == null ? "" : message;
    }

    /** The departments that are filled in and not marked for removal (an empty row is the "new department" row). */
    public List<Department> activeDepartments() {
        return departments.stream().filter(d -> !d.isRemove() && !d.blank()).toList();
    }

    public static class Department {
        private String key = "";
        private String name = "";
        private String email = "";
        private String replyFrom = "";
        private String ticketQueue = "";
        private boolean remove;

        public Department() {
        }

        public Department(String key, String name, String email, String replyFrom, String ticketQueue) {
            this.key = key;
            this.name = name;
            this.email = email;
            this.replyFrom = replyFrom;
            this.ticketQueue = ticketQueue;
        }

        boolean blank() {
            return key.isBlank() && name.isBlank() && email.isBlank();
        }

        /** The allowed reply addresses, lower case, from the comma- or line-separated field. */
        public List<String> replyAddresses() {
            return Arrays.stream(replyFrom.split("[,;\\s]+")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key == null ? "" : key.strip();
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name == null ? "" : name.strip();
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email == null ? "" : email.strip();
        }

        public String getReplyFrom() {
            return replyFrom;
        }

        public void setReplyFrom(String replyFrom) {
            this.replyFrom = replyFrom == null ? "" : replyFrom.strip();
        }

        public String getTicketQueue() {
            return ticketQueue;
        }

        public void setTicketQueue(String ticketQueue) {
            this.ticketQueue = ticketQueue == null ? "" : ticketQueue.strip();
        }

        public boolean isRemove() {
            return remove;
        }

        public void setRemove(boolean remove) {
            this.remove = remove;
        }
    }

    public static class Category {
        private String code = "";
        private String name = "";
        private String department = "";
        private String serviceCode = "";
        private String keywords = "";

        public Category() {
        }

        public Category(String code, String name, String department, String serviceCode, List<String> keywords) {
            this.code = code;
            this.name = name;
            this.department = department;
            this.serviceCode = serviceCode;
            this.keywords = String.join("\n", keywords);
        }

        /** One keyword a line, lower case, as the loader stores them; markers {@code =} and {@code ~} kept. */
        public List<String> keywordList() {
            return keywords.lines().map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                    .distinct().toList();
        }

        public String getCode() {
            return code;
        }

        public void setCode(String code) {
            this.code = code == null ? "" : code.strip();
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name == null ? "" : name.strip();
        }

        public String getDepartment() {
            return department;
        }

        public void setDepartment(String department) {
            this.department = department == null ? "" : department.strip();
        }

        public String getServiceCode() {
            return serviceCode;
        }

        public void setServiceCode(String serviceCode) {
            this.serviceCode = serviceCode == null ? "" : serviceCode.strip();
        }

        public String getKeywords() {
            return keywords;
        }

        public void setKeywords(String keywords) {
            this.keywords = keywords == null ? "" : keywords;
        }
    }
}
