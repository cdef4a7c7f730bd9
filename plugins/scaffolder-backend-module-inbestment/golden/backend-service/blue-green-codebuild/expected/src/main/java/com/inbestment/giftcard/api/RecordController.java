package com.inbestment.giftcard.api;

import com.inbestment.giftcard.repository.RecordItem;
import com.inbestment.giftcard.repository.RecordRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

// No class-level @Validated: Spring MVC validates the constrained parameters itself (built-in method validation,
// Spring 6.1+) and answers an invalid id with 400 (HandlerMethodValidationException) instead of the 500 that the
// @Validated proxy's ConstraintViolationException would give.
@RestController
@RequestMapping("/api/gift-card/records")
public class RecordController {

    private static final Logger log = LoggerFactory.getLogger(RecordController.class);

    /** Record ids as the API accepts them (openapi.yaml says the same). */
    static final String ID_PATTERN = "[A-Za-z0-9-]{1,64}";

    private final RecordRepository repository;
    private final Clock clock;

    public RecordController(RecordRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public record RecordBody(@NotNull @Size(max = 4096) String payload) {}

    public record RecordView(String id, String payload, Instant updatedAt) {
        static RecordView of(RecordItem item) {
            return new RecordView(item.getPk(), item.getPayload(), item.getUpdatedAt());
        }
    }

    @GetMapping("/{id}")
    public RecordView get(@PathVariable @Pattern(regexp = ID_PATTERN) String id) {
        return repository.findById(id)
                .map(RecordView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No record " + id));
    }

    @PutMapping("/{id}")
    public RecordView put(
            @PathVariable @Pattern(regexp = ID_PATTERN) String id,
            @Valid @RequestBody RecordBody body) {
        RecordItem item = new RecordItem();
        item.setPk(id);
        item.setPayload(body.payload());
        item.setUpdatedAt(clock.instant());
        repository.save(item);
        log.atInfo().addKeyValue("record.id", id).log("record stored");
        return RecordView.of(item);
    }
}
