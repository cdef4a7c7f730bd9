package com.inbestment.returns.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.inbestment.returns.repository.RecordItem;
import com.inbestment.returns.repository.RecordRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(RecordController.class)
class RecordControllerTest {

    private static final String BASE = "/api/returns/records";

    @TestConfiguration
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        }
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private RecordRepository repository;

    @Test
    void returnsStoredRecord() throws Exception {
        RecordItem item = new RecordItem();
        item.setPk("r-1");
        item.setPayload("hello");
        item.setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"));
        when(repository.findById("r-1")).thenReturn(Optional.of(item));

        mvc.perform(get(BASE + "/r-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.payload").value("hello"));
    }

    @Test
    void unknownRecordIs404() throws Exception {
        when(repository.findById("missing")).thenReturn(Optional.empty());

        mvc.perform(get(BASE + "/missing")).andExpect(status().isNotFound());
    }

    @Test
    void storesRecordWithTimestamp() throws Exception {
        when(repository.save(any())).thenAnswer(invocation -> invocation.getArgument(0));

        mvc.perform(put(BASE + "/r-2").contentType(MediaType.APPLICATION_JSON).content("{\"payload\":\"x\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.updatedAt").value("2026-01-01T00:00:00Z"));
        verify(repository).save(any());
    }

    @Test
    void invalidIdIs400ProblemDetails() throws Exception {
        mvc.perform(get(BASE + "/not_a_valid_id"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(repository);
    }

    @Test
    void rejectsMissingPayload() throws Exception {
        mvc.perform(put(BASE + "/r-3").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
    }
}
