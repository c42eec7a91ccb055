package dev.eventstream.connect.filter;

import dev.eventstream.connect.common.FieldPath;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Configuration of {@link FieldFilter}. */
public final class FieldFilterConfig extends AbstractConfig {

    public static final String DROP = "fields.drop";
    public static final String KEEP = "fields.keep";
    public static final String MASK = "fields.mask";
    public static final String MASK_REPLACEMENT = "fields.mask.replacement";
    public static final String MASK_KEEP_LAST = "fields.mask.keep.last";
    public static final String HASH = "fields.hash";
    public static final String HASH_SECRET = "fields.hash.secret";

    private static final String GROUP_FIELDS = "Fields";
    private static final String GROUP_MASKING = "Masking";
    private static final String GROUP_HASHING = "Hashing";

    private static final String PATH_SYNTAX = " Paths use dots between names (UserData.CreditCard), backticks around a "
            + "name that contains dots (`user.data`.card), and * for every element of an array, every value of a "
            + "map or every field of a struct (Extensions.*.email).";

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final List<FieldPath> drop;
    private final List<FieldPath> keep;
    private final List<FieldPath> mask;
    private final List<FieldPath> hash;

    public FieldFilterConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        this.drop = paths(DROP);
        this.keep = paths(KEEP);
        this.mask = paths(MASK);
        this.hash = paths(HASH);
        checkCombination();
    }

    /** The transformation's configuration definition (a copy: callers may not change ours). */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(DROP, Type.LIST, "", FieldPath.listValidator(), Importance.HIGH,
                        "Fields removed from the record, with everything below them. An absent field is not an "
                                + "error and adds nothing. Cannot be combined with " + KEEP + "." + PATH_SYNTAX,
                        GROUP_FIELDS, ++order, Width.LONG, "Fields to drop")
                .define(KEEP, Type.LIST, "", FieldPath.listValidator(), Importance.HIGH,
                        "Allowlist mode: only these fields (with everything below them) and the structs and maps "
                                + "that lead to them remain; every other field is removed. Empty (the default) "
                                + "keeps every field. Cannot be combined with " + DROP + "." + PATH_SYNTAX,
                        GROUP_FIELDS, ++order, Width.LONG, "Fields to keep")
                .define(MASK, Type.LIST, "", FieldPath.listValidator(), Importance.HIGH,
                        "Fields whose values are replaced in their own type: strings by " + MASK_REPLACEMENT
                                + " (see also " + MASK_KEEP_LAST + "), numbers by 0, booleans by false, bytes by "
                                + "empty bytes, dates and times by the epoch; a struct, map or array is masked "
                                + "element by element. Null stays null." + PATH_SYNTAX,
                        GROUP_FIELDS, ++order, Width.LONG, "Fields to mask")
                .define(HASH, Type.LIST, "", FieldPath.listValidator(), Importance.HIGH,
                        "Fields whose values are replaced by their HMAC-SHA256 keyed with " + HASH_SECRET + ", "
                                + "so that equal values still join without revealing them: a string becomes the "
                                + "64-character lowercase hex of the MAC of its UTF-8 bytes; an integer (int8 to "
                                + "int64) becomes the leading bytes of the MAC of its decimal text, in its own "
                                + "type; bytes become the 32 MAC bytes. Other types (booleans, floating point, "
                                + "decimals, structs) cannot keep their type and are an error: mask them instead. "
                                + "When paths overlap, drop beats hash and hash beats mask." + PATH_SYNTAX,
                        GROUP_FIELDS, ++order, Width.LONG, "Fields to hash");

        order = 0;
        def.define(MASK_REPLACEMENT, Type.STRING, "****", Importance.MEDIUM,
                        "What a masked string becomes. Its length does not depend on the original, so the "
                                + "original's length is not revealed either.",
                        GROUP_MASKING, ++order, Width.SHORT, "String replacement")
                .define(MASK_KEEP_LAST, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Number of trailing characters of a masked string left visible after the replacement, "
                                + "e.g. 4 turns 4111111111111111 into ****1111. A string no longer than this "
                                + "is replaced entirely. 0 (the default) hides the whole string.",
                        GROUP_MASKING, ++order, Width.SHORT, "Visible trailing characters");

        order = 0;
        def.define(HASH_SECRET, Type.PASSWORD, null, Importance.HIGH,
                "The HMAC-SHA256 key (its UTF-8 bytes). Required when " + HASH + " is set. Every task, restart "
                        + "and connector using the same key produces the same hashes, so hashed ids still join; "
                        + "changing it changes every hash. Use at least 32 random characters, and a config "
                        + "provider reference such as ${file:/etc/eventstream/secrets.properties:fields.hash.secret} "
                        + "rather than the key itself.",
                GROUP_HASHING, ++order, Width.MEDIUM, "Hash key");
        return def;
    }

    private List<FieldPath> paths(String key) {
        return FieldPath.parseAll(getList(key));
    }

    private void checkCombination() {
        if (drop.isEmpty() && keep.isEmpty() && mask.isEmpty() && hash.isEmpty()) {
            throw new ConfigException(DROP, "", "name a field here or in " + KEEP + ", " + MASK + " or " + HASH
                    + "; with none, this transformation would do nothing");
        }
        if (!drop.isEmpty() && !keep.isEmpty()) {
            throw new ConfigException(KEEP, getList(KEEP), DROP + " is set too; set only one: this key already "
                    + "removes every field it does not name");
        }
        Password secret = getPassword(HASH_SECRET);
        if (!hash.isEmpty() && (secret == null || secret.value().isEmpty())) {
            throw new ConfigException(HASH_SECRET, null, "required when " + HASH + " is set");
        }
        Map<FieldPath, String> owners = new HashMap<>();
        requireDistinct(owners, DROP, drop);
        requireDistinct(owners, MASK, mask);
        requireDistinct(owners, HASH, hash);
    }

    private static void requireDistinct(Map<FieldPath, String> owners, String key, List<FieldPath> paths) {
        for (FieldPath path : paths) {
            String previous = owners.putIfAbsent(path, key);
            if (previous != null && !previous.equals(key)) {
                throw new ConfigException(key, path.toString(), "also listed in " + previous + "; a field can have "
                        + "one operation: remove it from one of the two");
            }
        }
    }

    public List<FieldPath> drop() {
        return drop;
    }

    public List<FieldPath> keep() {
        return keep;
    }

    public List<FieldPath> mask() {
        return mask;
    }

    public List<FieldPath> hash() {
        return hash;
    }

    public String maskReplacement() {
        return getString(MASK_REPLACEMENT);
    }

    public int maskKeepLast() {
        return getInt(MASK_KEEP_LAST);
    }

    /** The hash key; null when {@link #hash()} is empty and no key was given. Never log it. */
    public Password hashSecret() {
        return getPassword(HASH_SECRET);
    }
}
